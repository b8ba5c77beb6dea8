import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DB, type Executor } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { createTestDb } from "../support/test-db";

/**
 * A connection PostgreSQL drops while the app holds it (a restart, a failover, an administrator's
 * pg_terminate_backend) must cost the query it was running, not the process. PostgreSQL only:
 * PGlite has no connections to lose.
 */
let test: Awaited<ReturnType<typeof createTestDb>>;
const handles: DB[] = [];
beforeAll(async () => {
  test = await createTestDb();
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.destroy()));
  await test?.drop();
});

// Node turns an `error` event nobody listens to into an uncaughtException; collect any.
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);
beforeEach(() => {
  uncaught.length = 0;
  process.on("uncaughtException", onUncaught);
});
afterEach(() => {
  process.off("uncaughtException", onUncaught);
});

/** The app's own pool setup, one connection, so the next query must use a replacement. */
function appDb(): DB {
  const db = createDb({ databaseUrl: test.url!, poolMax: 1 });
  handles.push(db);
  return db;
}

/** Ends a backend from a connection of its own, as a restart would, and waits until it is gone. */
async function terminate(pid: number) {
  const c = new pg.Client({ connectionString: test.url });
  await c.connect();
  try {
    await c.query("select pg_terminate_backend($1)", [pid]);
    for (let i = 0; i < 50; i++) {
      const { rows } = await c.query("select 1 from pg_stat_activity where pid = $1", [pid]);
      if (rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await c.end();
  }
}

const backendPid = async (executor: Executor) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(executor)).rows[0]!.pid;

/** Lets the socket's events (the FATAL message, then the close) reach the client. */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe("a pooled connection lost while checked out", () => {
  it("between statements: no uncaughtException, and the next query runs on a new connection", async () => {
    const db = appDb();
    const before = await db.connection().execute(async (conn) => {
      const pid = await backendPid(conn);
      await terminate(pid);
      await settle();
      return pid;
    });

    expect(uncaught).toEqual([]);
    const after = await backendPid(db);
    expect(after).not.toBe(before);
  });

  it("inside a transaction: the transaction fails as 'database unavailable', the process stays up, the next query works", async () => {
    const db = appDb();
    const failed = await db
      .transaction()
      .execute(async (trx) => {
        await terminate(await backendPid(trx));
        await settle();
        await sql`select 1`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );

    expect(uncaught).toEqual([]);
    expect(isDatabaseUnavailable(failed)).toBe(true);
    expect((await sql<{ n: number }>`select 1 as n`.execute(db)).rows).toEqual([{ n: 1 }]);
  });
});
