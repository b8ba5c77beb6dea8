import "server-only";
import { sql, type SqlBool } from "kysely";
import type { Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import { getOutboxStats } from "../../outbox/queries";
import { maskContactsInJson, maskText, seesContactData } from "../privacy/mask-contact";
import { shownRunStatus } from "../task-runs";

/** Events older than this still in the outbox mean the relay and the sweep are not getting through. */
export const OUTBOX_WARNING_SECONDS = 120;

/**
 * A run's page in the Inngest UI. The Dev Server and self-hosted Inngest open a run at
 * `<ui>/run?runID=<run id>`; for Inngest Cloud set INNGEST_UI_URL to the environment's base
 * (e.g. https://app.inngest.com/env/production) and the same path applies.
 */
export function inngestRunUrl(uiUrl: string | null | undefined, runId: string): string | null {
  return uiUrl ? `${uiUrl.replace(/\/+$/, "")}/run?runID=${encodeURIComponent(runId)}` : null;
}

interface FunctionStatsRow {
  function_id: string;
  hour_runs: number;
  hour_failures: number;
  hour_p50: number | null;
  hour_p95: number | null;
  day_runs: number;
  day_failures: number;
  day_p50: number | null;
  day_p95: number | null;
}

const window = (hours: number, now: Date) => sql<SqlBool>`started_at > ${new Date(now.getTime() - hours * 3600_000)}::timestamptz`;

/** Per function over the last hour and day: runs, failures, failure rate, p50/p95 duration — one aggregate query. */
async function functionStats(db: Executor, now: Date) {
  const hour = window(1, now);
  const day = window(24, now);
  const { rows } = await sql<FunctionStatsRow>`
    select function_id,
      count(*) filter (where ${hour})::int as hour_runs,
      count(*) filter (where ${hour} and status = 'failed')::int as hour_failures,
      percentile_cont(0.5) within group (order by duration_ms) filter (where ${hour} and duration_ms is not null) as hour_p50,
      percentile_cont(0.95) within group (order by duration_ms) filter (where ${hour} and duration_ms is not null) as hour_p95,
      count(*)::int as day_runs,
      count(*) filter (where status = 'failed')::int as day_failures,
      percentile_cont(0.5) within group (order by duration_ms) filter (where duration_ms is not null) as day_p50,
      percentile_cont(0.95) within group (order by duration_ms) filter (where duration_ms is not null) as day_p95
    from task_runs
    where ${day}
    group by function_id
    order by function_id`.execute(db);
  const lastErrors = await db
    .selectFrom("task_runs")
    .select(["function_id", "error", "started_at", "run_id"])
    .distinctOn("function_id")
    .where("error", "is not", null)
    .where(day)
    .orderBy("function_id")
    .orderBy("started_at", "desc")
    .execute();
  const errorOf = new Map(lastErrors.map((e) => [e.function_id, e]));
  const stats = (runs: number, failures: number, p50: number | null, p95: number | null) => ({
    runs: Number(runs),
    failures: Number(failures),
    failureRate: Number(runs) > 0 ? Number(failures) / Number(runs) : 0,
    p50Ms: p50 === null ? null : Math.round(Number(p50)),
    p95Ms: p95 === null ? null : Math.round(Number(p95)),
  });
  return rows.map((r) => ({
    functionId: r.function_id,
    hour: stats(r.hour_runs, r.hour_failures, r.hour_p50, r.hour_p95),
    day: stats(r.day_runs, r.day_failures, r.day_p50, r.day_p95),
    lastError: errorOf.get(r.function_id)?.error ?? null,
    lastErrorAt: errorOf.get(r.function_id)?.started_at ?? null,
    lastErrorRunId: errorOf.get(r.function_id)?.run_id ?? null,
  }));
}

/**
 * Everything the task monitor shows: outbox health, per-function stats, recent runs and dead letters.
 * Event payloads and error texts carry recipients (emails, phones): a moderator sees them masked,
 * an admin in full, since re-sending a dead letter is an admin's call on whom it goes to.
 */
export async function getTaskMonitor(db: Executor, viewer: { role: Role }, opts: { inngestUiUrl?: string | null; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const ui = opts.inngestUiUrl ?? null;
  const full = seesContactData(viewer);
  const text = (s: string | null) => (s === null || full ? s : maskText(s));
  const [outbox, functions, recentRuns, deadLetters] = await Promise.all([
    getOutboxStats(db, now),
    functionStats(db, now),
    db.selectFrom("task_runs").selectAll().orderBy("started_at", "desc").orderBy("run_id").limit(20).execute(),
    db
      .selectFrom("dead_letters as d")
      .leftJoin("users as u", "u.id", "d.resent_by")
      .select(["d.id", "d.function_id", "d.run_id", "d.event_id", "d.event_name", "d.event_data", "d.error", "d.status", "d.resent_at", "d.resent_event_id", "d.created_at", "u.name as resent_by_name"])
      // Open ones first: they are the ones someone has to act on.
      .orderBy(sql`case when d.status = 'open' then 0 else 1 end`)
      .orderBy("d.created_at", "desc")
      .limit(50)
      .execute(),
  ]);
  return {
    outbox: { ...outbox, lastError: text(outbox.lastError), warning: outbox.oldestPendingAgeSeconds !== null && outbox.oldestPendingAgeSeconds > OUTBOX_WARNING_SECONDS },
    functions: functions.map((f) => ({ ...f, lastError: text(f.lastError) })),
    recentRuns: recentRuns.map((r) => ({
      runId: r.run_id,
      functionId: r.function_id,
      eventName: r.event_name,
      subjectId: r.subject_id,
      status: shownRunStatus(r, now),
      attempt: r.attempt,
      startedAt: r.started_at,
      durationMs: r.duration_ms,
      error: text(r.error),
      url: inngestRunUrl(ui, r.run_id),
    })),
    deadLetters: deadLetters.map((d) => ({
      id: d.id,
      functionId: d.function_id,
      runId: d.run_id,
      eventId: d.event_id,
      eventName: d.event_name,
      eventData: full ? d.event_data : (maskContactsInJson(d.event_data) as typeof d.event_data),
      error: text(d.error)!,
      status: d.status,
      resentAt: d.resent_at,
      resentByName: d.resent_by_name,
      resentEventId: d.resent_event_id,
      createdAt: d.created_at,
      url: inngestRunUrl(ui, d.run_id),
    })),
    inngestUiUrl: ui,
    contactMasked: !full,
    generatedAt: now,
  };
}
