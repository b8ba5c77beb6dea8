import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "@/server/db/client";
import { createTestDb } from "../support/test-db";

/**
 * Frequent queries become prepared statements on their connection (src/server/db/prepared.ts,
 * ADR 0008). pg_prepared_statements lists the current session's, so each pool here has one
 * connection and the check runs through it. PostgreSQL only (`*.pg.test.ts`).
 */
describe("prepared statements on PostgreSQL", () => {
  let test: Awaited<ReturnType<typeof createTestDb>>;
  const pools: DB[] = [];
  beforeAll(async () => {
    test = await createTestDb();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await test?.drop();
  });

  function pool(preparedStatements?: boolean): DB {
    const db = createDb({ databaseUrl: test.url, poolMax: 1, preparedStatements });
    pools.push(db);
    return db;
  }

  async function prepared(db: DB, like: string): Promise<string[]> {
    const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${like}`.execute(db);
    return r.rows.map((x) => x.statement);
  }

  it("prepares a query from its third use, with the same results", async () => {
    const db = pool();
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
    const db = pool();
    for (let i = 0; i < 5; i++) await sql`select * from users where id = ${"00000000-0000-0000-0000-000000000000"} /* prepared-b */`.execute(db);
    expect(await prepared(db, "%prepared-b%")).toEqual([]);
  });

  it("prepares nothing with DATABASE_PREPARED_STATEMENTS off", async () => {
    const db = pool(false);
    for (let i = 0; i < 5; i++) await sql`select ${i}::int as n /* prepared-c */`.execute(db);
    expect(await prepared(db, "%prepared-c%")).toEqual([]);
  });

  it("keeps working inside transactions and after a failed statement", async () => {
    const db = pool();
    for (let i = 0; i < 4; i++) {
      const n = await db.transaction().execute(async (tx) => (await sql<{ n: number }>`select ${i}::int as n /* prepared-d */`.execute(tx)).rows[0]!.n);
      expect(n).toBe(i);
    }
    await expect(sql`select 1 / ${0}::int /* prepared-e */`.execute(db)).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 4; i++) await expect(sql`select 1 / ${0}::int /* prepared-e */`.execute(db)).rejects.toThrow(/division by zero/);
    expect((await sql<{ n: number }>`select ${7}::int as n /* prepared-d */`.execute(db)).rows[0]!.n).toBe(7);
  });
});
