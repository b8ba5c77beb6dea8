import { cron } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { subscribersWithPendingAlerts } from "@/server/domain/alerts/alert-batches";
import { inngest } from "../client";
import { queueAlertsOf, sendAlertMessages } from "../area-alert-delivery";

/** Daily subscribers queued per step: one statement queues a page's digests. */
const DIGEST_PAGE = 500;

/**
 * Every morning, one digest per daily subscription with the reports of the day before (its pending
 * alerts): a page of subscribers' digests queued in one statement per step, then sent, a page per
 * step, so each step is retried alone. A page re-run after a failure finds the digests it already
 * queued and sends nothing twice.
 */
export const sendAlertDigests = inngest.createFunction(
  { id: "send-alert-digests", name: "Send daily area alert digests", triggers: [cron("TZ=Asia/Kolkata 0 8 * * *")], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => {
    const totals = { subscribers: 0, sent: 0, unchanged: 0, failed: 0, dropped: 0 };
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const from = after;
      const queued: { last: string | null; subscribers: number; messageIds: string[]; dropped: number } = await step.run(`digests-${page}`, async () => {
        const users = await subscribersWithPendingAlerts(backgroundDb(), "daily", from, DIGEST_PAGE);
        const { messageIds, dropped } = await queueAlertsOf(users, "daily");
        return { last: users.length === DIGEST_PAGE ? users.at(-1)! : null, subscribers: users.length, messageIds, dropped };
      });
      totals.subscribers += queued.subscribers;
      totals.dropped += queued.dropped;
      if (queued.messageIds.length > 0) {
        const sent = await step.run(`send-digests-${page}`, () => sendAlertMessages(queued.messageIds));
        totals.sent += sent.sent;
        totals.unchanged += sent.unchanged;
        totals.failed += sent.failed;
      }
      if (!queued.last) break;
      after = queued.last;
    }
    return totals;
  },
);
