import "server-only";
import type { Report } from "../../db/schema";
import { endsWithoutResolution, reachedAt, stageMet, stageOutcome } from "./stages";

/**
 * What reports.byId carries of a report's service levels: its deadlines and whether each was met
 * (true met, false late or overdue, null not decided yet or not applicable), from the timeline, so
 * the page is right the moment a moderator acts, before track-service-level records it.
 */
export function serviceLevelOf(
  report: Pick<Report, "acknowledge_by" | "resolve_by" | "status">,
  timeline: readonly { toStatus: string | null; createdAt: Date }[],
  now: Date = new Date(),
) {
  const acknowledged = reachedAt("acknowledge", timeline);
  const resolved = reachedAt("resolve", timeline);
  return {
    acknowledgeBy: report.acknowledge_by,
    resolveBy: report.resolve_by,
    acknowledgeMet: stageMet(stageOutcome(report.acknowledge_by, acknowledged, now)),
    resolveMet: stageMet(stageOutcome(report.resolve_by, resolved, now, { endedWithoutResolution: endsWithoutResolution(report.status) })),
  };
}
