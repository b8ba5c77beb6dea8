import "server-only";
import type { ServiceLevelStage } from "@/shared/service-level-catalog";

/**
 * Which statuses meet each stage's target. A report is acknowledged once a moderator acknowledged,
 * started or resolved it; it is resolved once resolved. Rejecting it or marking it a duplicate is an
 * answer too: it ends both waits, and neither counts for or against the resolve target.
 */
const MEETS: Record<ServiceLevelStage, readonly string[]> = {
  acknowledge: ["acknowledged", "in_progress", "resolved", "rejected", "duplicate"],
  resolve: ["resolved", "rejected", "duplicate"],
};
const ENDS_WITHOUT_RESOLUTION: readonly string[] = ["rejected", "duplicate"];

export function meetsStage(stage: ServiceLevelStage, status: string): boolean {
  return MEETS[stage].includes(status);
}

/** Whether a status ends the report without a resolution (so the resolve target no longer applies). */
export function endsWithoutResolution(status: string): boolean {
  return ENDS_WITHOUT_RESOLUTION.includes(status);
}

/**
 * The expression Inngest's waitForEvent matches a report/status.changed against: this report, and a
 * status that meets the stage. Written with `==` and `||` only, which every Inngest expression
 * engine (and the test stand-in) reads. The report id is a uuid, checked so nothing else is ever
 * spliced into the expression.
 */
export function stageMetExpression(stage: ServiceLevelStage, reportId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new Error(`not a report id: ${JSON.stringify(reportId)}`);
  const statuses = MEETS[stage].map((s) => `async.data.to == '${s}'`).join(" || ");
  return `async.data.reportId == '${reportId}' && (${statuses})`;
}

export type StageOutcome = "met" | "late" | "pending" | "overdue" | "not-applicable";

/**
 * One stage's standing: met (reached by its deadline), late (reached after it), overdue (not reached
 * and past it), pending (not reached, still in time), or not applicable (no deadline; or, for the
 * resolve stage, the report ended without a resolution).
 */
export function stageOutcome(deadline: Date | null, reachedAt: Date | null, now: Date, opts: { endedWithoutResolution?: boolean } = {}): StageOutcome {
  if (!deadline || opts.endedWithoutResolution) return "not-applicable";
  if (reachedAt) return reachedAt.getTime() <= deadline.getTime() ? "met" : "late";
  return now.getTime() > deadline.getTime() ? "overdue" : "pending";
}

/** What reports.byId says of a stage: true met, false missed (late or overdue), null not decided or not applicable. */
export function stageMet(outcome: StageOutcome): boolean | null {
  if (outcome === "met") return true;
  if (outcome === "late" || outcome === "overdue") return false;
  return null;
}

/** When the timeline says the report first reached a status meeting the stage, or null. */
export function reachedAt(stage: ServiceLevelStage, timeline: readonly { toStatus: string | null; createdAt: Date }[]): Date | null {
  let first: Date | null = null;
  for (const entry of timeline) {
    if (entry.toStatus && meetsStage(stage, entry.toStatus) && (!first || entry.createdAt < first)) first = entry.createdAt;
  }
  return first;
}
