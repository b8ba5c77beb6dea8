import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, setDb, type DB } from "@/server/db/client";
import { createReportChanges, type ReportChange } from "@/server/live/report-changes";
import { callerFor } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { createTestDb } from "../../support/test-db";

/** Two server instances on one PostgreSQL: each its own pool, as two processes would have. */
let handle: Awaited<ReturnType<typeof createTestDb>>;
let other: DB;
beforeAll(async () => {
  handle = await createTestDb();
  setDb(handle.db);
  other = createDb({ databaseUrl: handle.url!, poolMax: 2 });
});
afterAll(async () => {
  setDb(undefined);
  await other.destroy();
  await handle.drop();
});

const listenBackends = async () =>
  (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen report_changed%'`.execute(handle.db)).rows;

describe("report changes across instances (PostgreSQL)", () => {
  it("a change written through one instance reaches the listeners of another, on one connection for all of them", async () => {
    const feed = createReportChanges(other);
    const heard: ReportChange[][] = [[], []];
    const stops = [await feed.subscribe((c) => heard[0]!.push(c)), await feed.subscribe((c) => heard[1]!.push(c))];
    expect(await listenBackends()).toHaveLength(1);

    const citizen = await createUser(handle.db);
    const report = await callerFor(handle.db, citizen).reports.create(reportInput());
    await expect.poll(() => heard).toEqual([[{ reportId: report.id, reporterId: citizen.id }], [{ reportId: report.id, reporterId: citizen.id }]]);

    for (const stop of stops) stop();
    await expect.poll(async () => (await listenBackends()).length).toBe(0);
  });

  it("a lost LISTEN connection comes back and says everything may have changed", async () => {
    const feed = createReportChanges(other);
    const heard: ReportChange[] = [];
    const stop = await feed.subscribe((c) => heard.push(c));
    const [backend] = await listenBackends();
    await sql`select pg_terminate_backend(${backend!.pid})`.execute(handle.db);
    await expect.poll(() => heard, { timeout: 10_000 }).toEqual(["all"]);

    const citizen = await createUser(handle.db);
    const report = await callerFor(handle.db, citizen).reports.create(reportInput({ title: "Streetlight out on the corner" }));
    await expect.poll(() => heard).toEqual(["all", { reportId: report.id, reporterId: citizen.id }]);
    stop();
  });
});
