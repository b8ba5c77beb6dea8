import { backgroundDb } from "@/server/db/client";
import { awardReputation as award } from "@/server/domain/reputation";
import { inngest } from "../client";
import type { z } from "zod";
import { reportCreated, reportStatusChanged, type reportStatusChangedData } from "../events";

export const REPORT_FILED_POINTS = 5;
export const REPORT_ACKNOWLEDGED_POINTS = 10;

/**
 * Statuses that mean "the city accepted this as a real problem". A report may skip acknowledged
 * (under_review -> in_progress); it still earns the award once, under the same ledger reason.
 */
const ACCEPTED = new Set(["acknowledged", "in_progress", "resolved"]);

/**
 * Reputation from report events. +5 for filing; +10 the first time a report is accepted; a report
 * rejected as spam takes the +5 back with a -5 entry. Each award is a ledger row whose
 * UNIQUE(user_id, reason, source_id) makes a redelivery or a retry a no-op. The reversal does not
 * wait for the filing award: +5 and -5 each happen once, so the sum is right in either order.
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
    if (event.name === "report/created") {
      const awarded = await step.run("award-report-filed", () =>
        award(backgroundDb(), {
          userId: event.data.reporterId,
          points: REPORT_FILED_POINTS,
          reason: "report_filed",
          sourceType: "report",
          sourceId: event.data.reportId,
          eventId: event.id ?? null,
        }),
      );
      return { awarded, points: awarded ? REPORT_FILED_POINTS : 0 };
    }

    // The SDK types event.data as the union of both payloads; the name above already told them apart.
    const { to, rejectReason, reporterId, reportId } = event.data as z.infer<typeof reportStatusChangedData>;
    if (ACCEPTED.has(to)) {
      const awarded = await step.run("award-report-acknowledged", () =>
        award(backgroundDb(), { userId: reporterId, points: REPORT_ACKNOWLEDGED_POINTS, reason: "report_acknowledged", sourceType: "report", sourceId: reportId, eventId: event.id ?? null }),
      );
      return { awarded, points: awarded ? REPORT_ACKNOWLEDGED_POINTS : 0 };
    }
    if (to === "rejected" && rejectReason === "spam") {
      const awarded = await step.run("reverse-report-filed", () =>
        award(backgroundDb(), { userId: reporterId, points: -REPORT_FILED_POINTS, reason: "report_rejected_spam", sourceType: "report", sourceId: reportId, eventId: event.id ?? null }),
      );
      return { awarded, points: awarded ? -REPORT_FILED_POINTS : 0 };
    }
    // Other rejections and duplicates neither earn nor cost anything: the reporter acted in good faith.
    return { awarded: false, points: 0 };
  },
);
