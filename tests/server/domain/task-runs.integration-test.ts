import { beforeEach, describe, expect, it } from "vitest";
import { getTaskMonitor } from "@/server/domain/admin/get-task-monitor";
import { listRunsForSubject, shownRunStatus, STALE_RUN_MS } from "@/server/domain/task-runs";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const now = new Date("2026-12-05T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("shownRunStatus", () => {
  it("shows a run left running past STALE_RUN_MS as stale: its end was never recorded", () => {
    expect(shownRunStatus({ status: "running", started_at: ago(STALE_RUN_MS + 1) }, now)).toBe("stale");
    expect(shownRunStatus({ status: "running", started_at: ago(STALE_RUN_MS - 1_000) }, now)).toBe("running");
  });

  it("leaves every other status as recorded, however old (a retry may be hours away)", () => {
    for (const status of ["retrying", "completed", "failed"] as const) expect(shownRunStatus({ status, started_at: ago(24 * 3600_000) }, now)).toBe(status);
  });
});

/** A run whose end was lost, one in progress and one completed, all for report "rep-1". */
async function threeRuns() {
  await db()
    .insertInto("task_runs")
    .values([
      { run_id: "r-lost", function_id: "triage-report", subject_id: "rep-1", status: "running", started_at: ago(2 * STALE_RUN_MS) },
      { run_id: "r-now", function_id: "record-audit", subject_id: "rep-1", status: "running", started_at: ago(1_000) },
      { run_id: "r-done", function_id: "award-reputation", subject_id: "rep-1", status: "completed", started_at: ago(2 * STALE_RUN_MS) },
    ])
    .execute();
}

describe("where runs are shown", () => {
  it("gives a report's page the shown status of each run", async () => {
    await threeRuns();
    const runs = await listRunsForSubject(db(), "rep-1", now);
    expect(Object.fromEntries(runs.map((r) => [r.run_id, r.status]))).toEqual({ "r-lost": "stale", "r-now": "running", "r-done": "completed" });
  });

  it("gives the task monitor the shown status of each recent run", async () => {
    await threeRuns();
    const { recentRuns } = await getTaskMonitor(db(), { role: "admin" }, { now });
    expect(Object.fromEntries(recentRuns.map((r) => [r.runId, r.status]))).toEqual({ "r-lost": "stale", "r-now": "running", "r-done": "completed" });
  });
});
