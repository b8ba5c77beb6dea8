import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "@/server/db/client";
import { createTestDb } from "../support/test-db";

/**
 * The pg pool keeps the connections a burst opened (ADR 0008): closing them after pg's default 10 s
 * idle and opening them again at the next burst was the bench's whole-server stall. PostgreSQL only
 * (PGlite has no pool): vitest.config.ts runs `*.pg.test.ts` when DATABASE_URL is set, as CI does.
 */
describe("database pool on PostgreSQL", () => {
  let test: Awaited<ReturnType<typeof createTestDb>>;
  const pools: DB[] = [];
  beforeAll(async () => {
    test = await createTestDb();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await test?.drop();
  });

  async function backends(app: string): Promise<number> {
    const c = new pg.Client({ connectionString: test.url });
    await c.connect();
    try {
      const r = await c.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = $1", [app]);
      return r.rows[0]!.n;
    } finally {
      await c.end();
    }
  }

  async function burst(poolIdleTimeoutMs?: number): Promise<string> {
    const app = `pool_${randomBytes(4).toString("hex")}`;
    const url = new URL(test.url!);
    url.searchParams.set("application_name", app);
    const db = createDb({ databaseUrl: url.toString(), poolMax: 3, poolIdleTimeoutMs });
    pools.push(db);
    // Three at once: each needs a connection of its own.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db)));
    expect(await backends(app)).toBe(3);
    return app;
  }

  it("keeps the connections a burst opened by default", async () => {
    const app = await burst();
    await new Promise((r) => setTimeout(r, 400));
    expect(await backends(app)).toBe(3);
  });

  it("closes idle connections after DATABASE_POOL_IDLE_TIMEOUT_MS when one is set", async () => {
    const app = await burst(100);
    await expect.poll(() => backends(app), { timeout: 5_000, interval: 100 }).toBe(0);
  });
});
