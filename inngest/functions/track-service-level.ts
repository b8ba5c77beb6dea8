import { backgroundDb } from "@/server/db/client";
import { stageMetExpression } from "@/server/domain/service-levels/stages";
import { setDeadlines, settleStage, type SettleResult } from "@/server/domain/service-levels/track";
import type { ServiceLevelStage } from "@/shared/service-level-catalog";
import { inngest } from "../client";
import { reportCreated, reportStatusChanged } from "../events";

/**
 * A report's service levels as durable timers (ADR 0019). The deadlines are computed and written
 * once; then, per stage, the run waits for a status change of this report that meets the stage,
 * with the stage's deadline as the wait's timeout. Inngest holds the wait, so a restart loses
 * nothing, and a deadline that passed while Inngest was down times out as soon as it is back.
 * Either way the stage is settled from the report's own timeline (domain/service-levels/track.ts):
 * met, late, or a breach, which happens once per report and stage however often this runs.
 */
/** How often a stage woken early sleeps again before the run gives up on it (clock skew is the only cause). */
const MAX_RESLEEPS = 2;

export const trackServiceLevel = inngest.createFunction(
  {
    id: "track-service-level",
    name: "Track a report's service levels",
    triggers: [reportCreated],
    retries: 4,
    // Runs sleep far more than they work; the limit bounds only the steps running at once.
    concurrency: { limit: 5 },
  },
  async ({ event, step }) => {
    const reportId = event.data.reportId;
    const deadlines = await step.run("set-deadlines", () => setDeadlines(backgroundDb(), reportId));
    if (!deadlines) return { skipped: "no-report-or-target" };

    const outcomes: Partial<Record<ServiceLevelStage, SettleResult["outcome"]>> = {};
    for (const stage of ["acknowledge", "resolve"] as const) {
      const deadline = new Date(stage === "acknowledge" ? deadlines.acknowledgeBy : deadlines.resolveBy);
      // A deadline already past (the worker was down) still waits: Inngest times it out at once.
      await step.waitForEvent(`wait-${stage}`, { event: reportStatusChanged, timeout: deadline, if: stageMetExpression(stage, reportId) });
      let settled = await step.run(`settle-${stage}`, () => settleStage(backgroundDb(), reportId, stage));
      // Woken before the deadline by this worker's clock (Inngest's ran ahead of it): sleep the rest, then settle again.
      for (let again = 1; settled.outcome === "pending" && again <= MAX_RESLEEPS; again++) {
        await step.sleepUntil(`sleep-${stage}-${again}`, deadline);
        settled = await step.run(`settle-${stage}-${again}`, () => settleStage(backgroundDb(), reportId, stage));
      }
      outcomes[stage] = settled.outcome;
      // Rejected, a duplicate, or gone: nothing more to wait for.
      if (settled.outcome === "gone" || (stage === "resolve" && settled.outcome === "not-applicable")) break;
    }
    return { deadlines, outcomes };
  },
);
