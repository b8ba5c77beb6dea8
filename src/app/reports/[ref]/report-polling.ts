/** The background runs every new report starts, by the function ids the task monitor records. */
export const REPORT_RUNS = ["award-reputation", "triage-report", "record-audit"] as const;
export const POLL_EVERY_MS = 2_000;
/** Past this a worker is down or stuck: the task monitor's business, not a reason to poll on. */
export const POLL_FOR_AT_MOST_MS = 2 * 60_000;

const FINISHED = new Set(["completed", "failed"]);

interface PolledReport {
  status: string;
  /** Only the reporter and moderators see runs; null for everyone else. */
  runs: { functionId: string; status: string }[] | null;
}

/**
 * When the report page looks again (react-query's refetchInterval): while triage has not moved the
 * report on, and while any run it started is not yet recorded or not finished. Triage is often done
 * before the reputation and audit runs are even recorded, so the status alone stops too early.
 */
export function reportRefetchInterval(report: PolledReport | undefined, pollingForMs: number): number | false {
  if (!report || pollingForMs >= POLL_FOR_AT_MOST_MS) return false;
  if (report.status === "submitted") return POLL_EVERY_MS;
  if (!report.runs) return false;
  const recorded = new Set(report.runs.map((r) => r.functionId));
  const missing = REPORT_RUNS.some((fn) => !recorded.has(fn));
  const unfinished = report.runs.some((r) => !FINISHED.has(r.status));
  return missing || unfinished ? POLL_EVERY_MS : false;
}
