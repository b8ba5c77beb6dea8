import { createHash } from "node:crypto";
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";

/**
 * Server-side prepared statements for the pg pool (ADR 0008). Kysely sends every query unnamed, so
 * PostgreSQL parses and plans it on every call: for `reports.create`'s one statement that was a
 * quarter of its time in PostgreSQL. Here a query text seen `threshold` times is sent with a name
 * (a hash of the text); pg then prepares it once per connection and afterwards only binds and runs
 * it, as pgjdbc does after five uses.
 *
 * Not named:
 * - texts with `*` in their output (`select *`, `returning *`): a prepared statement whose row
 *   type changes (a migration adds a column while this process runs) fails with "cached plan must
 *   not change result type";
 * - anything past `maxNamed` distinct texts (each costs memory on every connection).
 */
export function preparingPool(pool: pg.Pool, opts: { threshold?: number; maxNamed?: number } = {}): PostgresPool {
  const threshold = opts.threshold ?? 3;
  const maxNamed = opts.maxNamed ?? 500;
  const uses = new Map<string, number>();
  const names = new Map<string, string>();

  function nameFor(text: string): string | undefined {
    const known = names.get(text);
    if (known) return known;
    if (names.size >= maxNamed || STAR_OUTPUT.test(text)) return undefined;
    const n = (uses.get(text) ?? 0) + 1;
    if (n < threshold) {
      // Texts seen fewer than `threshold` times are only counted; a process that meets endless
      // one-off texts starts counting afresh rather than growing without bound.
      if (uses.size >= maxNamed * 10) uses.clear();
      uses.set(text, n);
      return undefined;
    }
    uses.delete(text);
    const name = `cl_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
    return name;
  }

  return {
    // pg-pool's runtime `Client`, which Kysely uses to open a side connection to cancel a query.
    Client: (pool as unknown as { Client: PostgresPool["Client"] }).Client,
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      const query = (text: unknown, values?: unknown[]) =>
        typeof text === "string" ? client.query({ name: nameFor(text), text, values }) : client.query(text as never, values);
      // Everything else (release, processID for query cancellation) is the pg client's own.
      return new Proxy(client, {
        get: (target, prop) => (prop === "query" ? query : Reflect.get(target, prop, target)),
      }) as unknown as PostgresPoolClient;
    },
  };
}

const STAR_OUTPUT = /(^|\s|,|\.)\*(\s|,|$)/;
