import { backgroundDb } from "@/server/db/client";
import { alertSourceOf, recordAreaAlerts } from "@/server/domain/alerts/match";
import { inngest } from "../client";
import { reportCreated, reportStatusChanged } from "../events";

/**
 * Area alerts (ADR 0020): a new report, or a status change for subscribers who asked for those, is
 * matched against every subscription's circle in one indexed query and recorded as pending per
 * subscription (a redelivered event adds nothing); if immediate subscribers gained alerts, one
 * `alert/pending.added` event for the alert goes through the outbox to `send-area-alerts`, which
 * queues their messages a page at a time. Daily subscribers hear of it in `send-alert-digests`.
 */
export const fanOutAreaAlerts = inngest.createFunction(
  { id: "fan-out-area-alerts", name: "Fan out area alerts", triggers: [reportCreated, reportStatusChanged], retries: 5, concurrency: { limit: 4 } },
  async ({ event, step }) => {
    return step.run("record-alerts", async () => {
      const db = backgroundDb();
      const source = await alertSourceOf(db, event.data.reportId);
      if (!source) return { immediate: 0, skipped: "no-such-report" };
      if (event.name === "report/status.changed") {
        // Those who act on a report are not alerted of their own change.
        return recordAreaAlerts(db, { ...source, actorId: event.data.actorId }, { kind: "status", status: event.data.to, eventId: event.id });
      }
      return recordAreaAlerts(db, source, { kind: "created" });
    });
  },
);
