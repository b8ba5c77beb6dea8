import type { Compilable, CompiledQuery, QueryResult } from "kysely";
import type { DB, Executor } from "./client";

const SLOT = Symbol("compile-once slot");
interface Slot {
  [SLOT]: string;
}
const isSlot = (v: unknown): v is Slot => typeof v === "object" && v !== null && SLOT in v;

/**
 * A hot statement built with Kysely once, not on every call: the builder runs with a stand-in for
 * each named parameter, the result is compiled once, and each call only fills the parameters in.
 * Building and compiling `submitReport`'s five-part statement took longer than running it in the
 * bench (ADR 0009). Every dialect here is PostgreSQL's (pg and PGlite), so one compilation serves both.
 *
 * The builder must pass each parameter through to the SQL as a value (`sql.val`, a comparison,
 * `values({...})`), one value per `$n` in the SQL, and leave any JavaScript logic on values
 * (`x || null`) to the caller: a stand-in is an opaque object, so computing with it (`now.getTime()`)
 * throws, and compiling refuses a parameter the builder read that did not reach the SQL, or a
 * non-primitive constant (a value derived from a stand-in would be frozen into every call).
 */
export function compileOnce<P extends object, R>(build: (db: DB, params: P) => Compilable<R>) {
  let template: { query: CompiledQuery<R>; parameters: readonly unknown[] } | null = null;

  function compile(db: DB): NonNullable<typeof template> {
    const read = new Set<string>();
    const slots = new Proxy({} as P, {
      get: (_, name) => {
        if (typeof name !== "string") return undefined;
        read.add(name);
        return { [SLOT]: name };
      },
    });
    const query = build(db, slots).compile();
    const used = new Set<string>();
    for (const p of query.parameters) {
      if (isSlot(p)) used.add(p[SLOT]);
      else if (p !== null && typeof p === "object") throw new Error(`compileOnce: constant parameter ${JSON.stringify(p)} is not a primitive; pass it as a parameter`);
    }
    const lost = [...read].filter((name) => !used.has(name));
    if (lost.length > 0) throw new Error(`compileOnce: parameter(s) ${lost.join(", ")} do not reach the SQL as values`);
    return { query, parameters: query.parameters };
  }

  return async function execute(db: Executor, params: P): Promise<QueryResult<R>> {
    template ??= compile(db as DB);
    const parameters = template.parameters.map((p) => {
      if (!isSlot(p)) return p;
      const value = (params as Record<string, unknown>)[p[SLOT]];
      if (value === undefined) throw new Error(`compileOnce: parameter "${p[SLOT]}" is missing`);
      // pg formats a Date in JavaScript (local time, padded by hand); the ISO text means the same instant.
      return value instanceof Date ? value.toISOString() : value;
    });
    return db.executeQuery<R>({ ...template.query, parameters });
  };
}
