import { backgroundDb } from "@/server/db/client";
import { listFollowerRecipients, type FollowerRecipient } from "@/server/domain/reports/followers";
import { notifiesReporter } from "@/server/domain/reports/status-change-notice";
import { unfollowToken } from "@/server/domain/reports/unfollow-token";
import { renderStatusChangeMessage } from "@/server/emails/status-change-email";
import { env } from "@/server/config/env";
import { inngest } from "../client";
import { reportStatusChanged } from "../events";
import { queueAndDeliverNotice, tellByPage, type NoticeOutcome } from "../notice-pages";

/**
 * Tells a report's followers (not its reporter: notify-reporter does) of the status changes its
 * reporter hears of, on the channel each chose, with a signed link to stop following. A page of
 * followers per step, so a report with thousands of them is a few steps, each retried alone. One
 * message per follower per event (keyed "<event id>:follower:<user id>"), sent only by the run
 * that claims it: a retried step or a redelivered event sends nothing twice.
 */
export const notifyFollowers = inngest.createFunction(
  { id: "notify-followers", name: "Notify followers of a status change", triggers: [reportStatusChanged], retries: 5, concurrency: { limit: 3 } },
  async ({ event, step }) => {
    if (!notifiesReporter(event.data)) return { skipped: "not-a-notified-status" };
    const title = await step.run("read-report", async () => (await backgroundDb().selectFrom("reports").select("title").where("id", "=", event.data.reportId).executeTakeFirst())?.title ?? null);
    return tellByPage(step, "followers", async (after) => {
      const { recipients, next } = await listFollowerRecipients(backgroundDb(), event.data.reportId, after);
      const outcomes: (NoticeOutcome | null)[] = [];
      for (const r of recipients) outcomes.push(await tellFollower(event, title, r));
      return { next, outcomes };
    });
  },
);

type StatusChanged = { id: string; data: { reportId: string; ref: string; to: string; note: string | null } };

async function tellFollower(event: StatusChanged, title: string | null, r: FollowerRecipient): Promise<NoticeOutcome> {
  const e = env();
  const { reportId, ref, to, note } = event.data;
  const link = new URL(`/reports/${encodeURIComponent(ref)}`, e.APP_URL).toString();
  const unfollowLink = new URL(`/reports/${encodeURIComponent(ref)}/unfollow?token=${encodeURIComponent(unfollowToken(e.NEXTAUTH_SECRET, reportId, r.userId))}`, e.APP_URL).toString();
  const content = await renderStatusChangeMessage(r.channel, { ref, title, status: to, note, link, unfollowLink, locale: r.locale });
  return queueAndDeliverNotice({ key: `${event.id}:follower:${r.userId}`, kind: "report_status_follower", userId: r.userId, recipient: r.recipient, content });
}
