import { cron } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { subscribersWithPendingAlerts } from "@/server/domain/alerts/alert-batches";
import { inngest } from "../client";
import { tellSubscriber } from "../area-alert-delivery";

/** Daily subscribers told per step: one page of this many. */
const DIGEST_PAGE = 100;

/**
 * Every morning, one digest per daily subscription with the reports of the day before (its pending
 * alerts), a page of subscribers per step so each step is retried alone. A page re-run after a
 * failure finds the digests it already queued and sends nothing twice.
 */
export const sendAlertDigests = inngest.createFunction(
  { id: "send-alert-digests", name: "Send daily area alert digests", triggers: [cron("TZ=Asia/Kolkata 0 8 * * *")], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => {
    const totals = { subscribers: 0, sent: 0, unchanged: 0, failed: 0, dropped: 0 };
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const from = after;
      const done: { last: string | null; subscribers: number; sent: number; unchanged: number; failed: number; dropped: number } = await step.run(`digests-${page}`, async () => {
        const users = await subscribersWithPendingAlerts(backgroundDb(), "daily", from, DIGEST_PAGE);
        const outcome = { subscribers: users.length, sent: 0, unchanged: 0, failed: 0, dropped: 0 };
        for (const userId of users) {
          const told = await tellSubscriber(userId, "daily");
          outcome.sent += told.sent;
          outcome.unchanged += told.unchanged;
          outcome.failed += told.failed;
          outcome.dropped += told.dropped;
        }
        return { last: users.length === DIGEST_PAGE ? users.at(-1)! : null, ...outcome };
      });
      totals.subscribers += done.subscribers;
      totals.sent += done.sent;
      totals.unchanged += done.unchanged;
      totals.failed += done.failed;
      totals.dropped += done.dropped;
      if (!done.last) break;
      after = done.last;
    }
    return totals;
  },
);
