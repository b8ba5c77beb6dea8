import { backgroundDb } from "@/server/db/client";
import { ALERT_QUIET_MS, subscribersOfAlert } from "@/server/domain/alerts/alert-batches";
import { inngest } from "../client";
import { queueAlertsOf, sendAlertMessages } from "../area-alert-delivery";
import { alertPendingAdded } from "../events";

/** Subscribers queued per step: one statement queues a page's messages. */
const PAGE = 500;

/**
 * A new alert's immediate subscribers (ADR 0020). The run waits the debounce's quiet period, then
 * pages through the alert's subscribers: each page's messages are rendered and queued in one
 * statement, for the subscribers whose newest untold alert is this one (a burst of reports in their
 * area is told once, by its last report's run) or who have waited the cap. Then the queued messages
 * are sent, a page per step. Every step can run again: nothing is queued or sent twice.
 */
export const sendAreaAlerts = inngest.createFunction(
  { id: "send-area-alerts", name: "Send area alerts", triggers: [alertPendingAdded], retries: 5, concurrency: { limit: 4 } },
  async ({ event, step }) => {
    // An event of the shape before 2026-12-06 names one subscriber: their pending alerts, all told.
    const alertKey = "alertKey" in event.data ? event.data.alertKey : undefined;
    const legacyUserId = "userId" in event.data ? event.data.userId : undefined;
    const subscribers = (from: string | null) => (alertKey ? subscribersOfAlert(backgroundDb(), alertKey, from, PAGE) : Promise.resolve(from || !legacyUserId ? [] : [legacyUserId]));
    await step.sleep("quiet-period", ALERT_QUIET_MS);
    const pages: string[][] = [];
    const totals = { sent: 0, unchanged: 0, failed: 0, dropped: 0 };
    for (let after: string | null = null, page = 0; ; page++) {
      const from: string | null = after;
      const queued: { last: string | null; messageIds: string[]; dropped: number } = await step.run(`queue-${page}`, async () => {
        const users = await subscribers(from);
        const { messageIds, dropped } = await queueAlertsOf(users, "immediate", alertKey);
        return { last: users.length === PAGE ? users.at(-1)! : null, messageIds, dropped };
      });
      pages.push(queued.messageIds);
      totals.dropped += queued.dropped;
      if (!queued.last) break;
      after = queued.last;
    }
    for (const [page, messageIds] of pages.entries()) {
      if (messageIds.length === 0) continue;
      const sent = await step.run(`send-${page}`, () => sendAlertMessages(messageIds));
      totals.sent += sent.sent;
      totals.unchanged += sent.unchanged;
      totals.failed += sent.failed;
    }
    return totals;
  },
);
