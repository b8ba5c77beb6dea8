import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbOptions, type DB } from "@/server/db/client";
import { createTestDb } from "../support/test-db";

/**
 * The app's PostgreSQL pool (ADR 0008): it keeps the connections a burst opened, and frequent
 * queries become prepared statements. PostgreSQL only (PGlite has no pool): vitest.config.ts runs
 * `*.pg.integration-test.ts` when DATABASE_URL is set, as CI does.
 */
let test: Awaited<ReturnType<typeof createTestDb>>;
const pools: DB[] = [];
beforeAll(async () => {
  test = await createTestDb();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.destroy()));
  await test?.drop();
});

/** A pool of the app's own setup, its connections tagged with an application_name to find them. */
function pool(options: Omit<DbOptions, "databaseUrl"> = {}): { db: DB; app: string } {
  const app = `pool_${randomBytes(4).toString("hex")}`;
  const url = new URL(test.url!);
  url.searchParams.set("application_name", app);
  const db = createDb({ ...options, databaseUrl: url.toString() });
  pools.push(db);
  return { db, app };
}

/** Runs SQL on a connection of its own, outside the pools under test. */
async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: test.url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const backends = async (app: string) => (await admin<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = $1", [app]))[0]!.n;

/** Three queries at once: each needs a connection of its own. */
async function burst(db: DB) {
  await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db)));
}

describe("database pool on PostgreSQL", () => {
  it("keeps the connections a burst opened by default", async () => {
    const { db, app } = pool({ poolMax: 3 });
    await burst(db);
    expect(await backends(app)).toBe(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(await backends(app)).toBe(3);
  });

  it("closes idle connections after DATABASE_POOL_IDLE_TIMEOUT_MS when one is set", async () => {
    const { db, app } = pool({ poolMax: 3, poolIdleTimeoutMs: 100 });
    await burst(db);
    await expect.poll(() => backends(app), { timeout: 5_000, interval: 100 }).toBe(0);
  });

  it("recovers when PostgreSQL drops the connections it kept (a restart, a failover)", async () => {
    const { db, app } = pool({ poolMax: 3 });
    for (let i = 0; i < 4; i++) await sql`select ${i}::int as n /* kept-then-dropped */`.execute(db); // prepared by now
    await burst(db);
    await admin("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [app]);
    await expect.poll(() => backends(app), { timeout: 5_000, interval: 50 }).toBe(0);
    // The pool drops the dead connections and opens new ones; the named statement is prepared again.
    const r = await sql<{ n: number }>`select ${7}::int as n /* kept-then-dropped */`.execute(db);
    expect(r.rows[0]!.n).toBe(7);
  });
});

describe("prepared statements on PostgreSQL", () => {
  // pg_prepared_statements lists the current session's, so each pool here has one connection.
  async function prepared(db: DB, like: string): Promise<string[]> {
    const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${like}`.execute(db);
    return r.rows.map((x) => x.statement);
  }

  it("prepares a query from its third use, with the same results", async () => {
    const { db } = pool({ poolMax: 1 });
    const results: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await sql<{ n: number }>`select ${i}::int + 40 as n /* prepared-a */`.execute(db);
      results.push(r.rows[0]!.n);
      // Not named before the third use.
      if (i === 2) expect(await prepared(db, "%prepared-a%")).toEqual([]);
    }
    expect(results).toEqual([41, 42, 43, 44, 45]);
    expect(await prepared(db, "%prepared-a%")).toHaveLength(1);
  });

  it("never prepares a query whose rows are `*` (a migration could change them)", async () => {
    const { db } = pool({ poolMax: 1 });
    for (let i = 0; i < 5; i++) await sql`select * from users where id = ${"00000000-0000-0000-0000-000000000000"} /* prepared-b */`.execute(db);
    expect(await prepared(db, "%prepared-b%")).toEqual([]);
  });

  it("prepares nothing with DATABASE_PREPARED_STATEMENTS off", async () => {
    const { db } = pool({ poolMax: 1, preparedStatements: false });
    for (let i = 0; i < 5; i++) await sql`select ${i}::int as n /* prepared-c */`.execute(db);
    expect(await prepared(db, "%prepared-c%")).toEqual([]);
  });

  it("keeps working inside transactions and after a failed statement", async () => {
    const { db } = pool({ poolMax: 1 });
    for (let i = 0; i < 4; i++) {
      const n = await db.transaction().execute(async (tx) => (await sql<{ n: number }>`select ${i}::int as n /* prepared-d */`.execute(tx)).rows[0]!.n);
      expect(n).toBe(i);
    }
    for (let i = 0; i < 5; i++) await expect(sql`select 1 / ${0}::int /* prepared-e */`.execute(db)).rejects.toThrow(/division by zero/);
    expect((await sql<{ n: number }>`select ${7}::int as n /* prepared-d */`.execute(db)).rows[0]!.n).toBe(7);
  });
});
