import "server-only";
import type { Status } from "@/shared/report-catalog";

/**
 * The statuses a reporter is told about: a moderator's decisions on their report. Submitted and
 * under review are the report's own filing and triage, which tell the reporter nothing new.
 */
const NOTIFIED: ReadonlySet<string> = new Set<Status>(["acknowledged", "in_progress", "resolved", "rejected", "duplicate"]);

/** Whether a status change is one the reporter hears about (a correction that keeps the status is not). */
export function notifiesReporter(change: { from: string; to: string }): boolean {
  return NOTIFIED.has(change.to) && change.to !== change.from;
}
