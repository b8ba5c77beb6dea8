import { db } from "@/server/db/client";
import { awardReputation as award } from "@/server/domain/reputation";
import { inngest } from "../client";
import { reportCreated } from "../events";

export const REPORT_FILED_POINTS = 5;

/** +5 for filing a report. The ledger's unique key makes a redelivery or a retry award once. */
export const awardReputation = inngest.createFunction(
  { id: "award-reputation", name: "Award reputation", triggers: [reportCreated], retries: 5 },
  async ({ event, step }) => {
    const awarded = await step.run("award-report-filed", () =>
      award(db(), {
        userId: event.data.reporterId,
        points: REPORT_FILED_POINTS,
        reason: "report_filed",
        sourceType: "report",
        sourceId: event.data.reportId,
        eventId: event.id ?? null,
      }),
    );
    return { awarded, points: awarded ? REPORT_FILED_POINTS : 0 };
  },
);
