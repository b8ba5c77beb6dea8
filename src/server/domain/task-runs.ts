import "server-only";
import { sql } from "kysely";
import type { Executor } from "../db/client";
import type { TaskRunStatus } from "../db/schema";

export interface RunInfo {
  runId: string;
  functionId: string;
  eventId?: string | null;
  eventName?: string | null;
  subjectId?: string | null;
  attempt: number;
}

/** The thing a run is about (a report, a user), from its event's data, so its page can list the work done for it. */
export function subjectOf(data: Record<string, unknown> | undefined): string | null {
  return ([data?.reportId, data?.userId].find((v) => typeof v === "string") as string | undefined) ?? null;
}

/** The columns that say which run a row is, and what it is about. */
function runColumns(run: Omit<RunInfo, "attempt">) {
  return { run_id: run.runId, function_id: run.functionId, event_id: run.eventId ?? null, event_name: run.eventName ?? null, subject_id: run.subjectId ?? null };
}

/** Milliseconds from the row's start to `now`. */
const durationUntil = (now: Date) => sql<number>`greatest(0, round(extract(epoch from (${now}::timestamptz - task_runs.started_at)) * 1000))::int`;

/** First request of a run (or a retry of it): the row says running. */
export async function recordRunStarted(db: Executor, run: RunInfo, now = new Date()): Promise<void> {
  await db
    .insertInto("task_runs")
    .values({ ...runColumns(run), status: "running", attempt: run.attempt, started_at: now })
    .onConflict((oc) => oc.column("run_id").doUpdateSet({ status: "running", attempt: run.attempt }))
    .execute();
}

export async function recordRunFinished(
  db: Executor,
  run: RunInfo,
  outcome: { status: "completed" | "retrying" | "failed"; error?: string | null },
  now = new Date(),
): Promise<void> {
  const final = outcome.status !== "retrying";
  // Upsert: a run whose first request was served by another instance has no row here yet.
  await db
    .insertInto("task_runs")
    .values({
      ...runColumns(run),
      status: outcome.status,
      attempt: run.attempt,
      started_at: now,
      finished_at: final ? now : null,
      duration_ms: final ? 0 : null,
      error: outcome.error ?? null,
    })
    .onConflict((oc) =>
      oc.column("run_id").doUpdateSet({
        status: outcome.status,
        attempt: run.attempt,
        error: outcome.error ?? null,
        finished_at: final ? now : null,
        duration_ms: final ? durationUntil(now) : null,
      }),
    )
    .execute();
}

/**
 * A run Inngest reports failed for good (`inngest/function.failed`, record-dead-letter). Usually the
 * run's own error hook recorded that already and nothing changes; this also covers a run that failed
 * before any hook could record it (an event whose sealed data cannot be opened fails while its input
 * is read, before the run starts) or whose last hook was lost, so the task monitor and the report page
 * show every failed run.
 */
export async function recordRunFailed(db: Executor, run: Omit<RunInfo, "attempt">, error: string, now = new Date()): Promise<void> {
  await db
    .insertInto("task_runs")
    .values({ ...runColumns(run), status: "failed", attempt: 0, started_at: now, finished_at: now, duration_ms: 0, error })
    .onConflict((oc) =>
      oc
        .column("run_id")
        .doUpdateSet({ status: "failed", error, finished_at: now, duration_ms: durationUntil(now) })
        .where("task_runs.status", "<>", "failed"),
    )
    .execute();
}

/**
 * A run still "running" this long after it started is shown as stale: each of our functions is a
 * few short steps, so its completion or failure was lost (a process killed mid-request) rather
 * than pending. "retrying" is left alone: Inngest's backoff between attempts can be longer.
 */
export const STALE_RUN_MS = 60 * 60_000;
export type ShownRunStatus = TaskRunStatus | "stale";

export function shownRunStatus(run: { status: TaskRunStatus; started_at: Date }, now = new Date()): ShownRunStatus {
  return run.status === "running" && now.getTime() - run.started_at.getTime() > STALE_RUN_MS ? "stale" : run.status;
}

export async function listRunsForSubject(db: Executor, subjectId: string, now = new Date()) {
  const rows = await db.selectFrom("task_runs").selectAll().where("subject_id", "=", subjectId).orderBy("started_at").execute();
  return rows.map((r) => ({ ...r, status: shownRunStatus(r, now) }));
}
