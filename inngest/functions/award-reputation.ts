import { backgroundDb } from "@/server/db/client";
import { awardReputation as award, reportAwardFor, type ReportAwardReason } from "@/server/domain/reputation";
import { inngest } from "../client";
import { reportCreated, reportStatusChanged } from "../events";
import { assertTriggered } from "../triggered";

/** Each award has a step of its own, named as it always was, so a run's memoized steps stay valid. */
const STEP: Record<ReportAwardReason, string> = {
  report_filed: "award-report-filed",
  report_acknowledged: "award-report-acknowledged",
  report_rejected_spam: "reverse-report-filed",
};

/**
 * Reputation from report events, as the domain rules it (reportAwardFor). Each award is a ledger
 * row whose UNIQUE(user_id, reason, source_id) makes a redelivery or a retry a no-op.
 */
export const awardReputation = inngest.createFunction(
  {
    id: "award-reputation",
    name: "Award reputation",
    triggers: [reportCreated, reportStatusChanged],
    retries: 5,
    // One award at a time per citizen: each updates their cached reputation row, and two at once
    // would only wait on its lock, holding two connections of the background pool.
    concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.reporterId" }],
  },
  async ({ event, step }) => {
    assertTriggered(event);
    const earned = reportAwardFor(event);
    if (!earned) return { awarded: false, points: 0 };
    const awarded = await step.run(STEP[earned.reason], () => award(backgroundDb(), earned));
    return { awarded, points: awarded ? earned.points : 0 };
  },
);
