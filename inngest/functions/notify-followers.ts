import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { queueMessage } from "@/server/domain/messages";
import { listFollowerRecipients, type FollowerRecipient } from "@/server/domain/reports/followers";
import { notifiesReporter } from "@/server/domain/reports/status-change-notice";
import { unfollowToken } from "@/server/domain/reports/unfollow-token";
import { renderStatusChangeMessage } from "@/server/emails/status-change-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { reportStatusChanged } from "../events";

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
    const totals = { sent: 0, failed: 0, unchanged: 0 };
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const from = after;
      const done: { next: string | null; sent: number; failed: number; unchanged: number } = await step.run(`followers-${page}`, async () => {
        const { recipients, next } = await listFollowerRecipients(backgroundDb(), event.data.reportId, from);
        const outcome = { sent: 0, failed: 0, unchanged: 0 };
        for (const r of recipients) outcome[await tellFollower(event, title, r)] += 1;
        return { next, ...outcome };
      });
      totals.sent += done.sent;
      totals.failed += done.failed;
      totals.unchanged += done.unchanged;
      if (!done.next) break;
      after = done.next;
    }
    return totals;
  },
);

type StatusChanged = { id: string; data: { reportId: string; ref: string; to: string; note: string | null } };

async function tellFollower(event: StatusChanged, title: string | null, r: FollowerRecipient): Promise<"sent" | "failed" | "unchanged"> {
  const e = env();
  const { reportId, ref, to, note } = event.data;
  const link = new URL(`/reports/${encodeURIComponent(ref)}`, e.APP_URL).toString();
  const unfollowLink = new URL(`/reports/${encodeURIComponent(ref)}/unfollow?token=${encodeURIComponent(unfollowToken(e.NEXTAUTH_SECRET, reportId, r.userId))}`, e.APP_URL).toString();
  const content = await renderStatusChangeMessage(r.channel, { ref, title, status: to, note, link, unfollowLink, locale: r.locale });
  const provider = content.channel === "email" ? emailProvider() : smsProvider();
  const key = `${event.id}:follower:${r.userId}`;
  const message = await queueMessage(backgroundDb(), {
    eventId: key,
    channel: content.channel,
    kind: "report_status_follower",
    userId: r.userId,
    recipient: r.recipient,
    subject: content.subject,
    body: content.text,
    html: content.html,
    provider: provider.name,
  });
  if (message.status !== "queued" && message.status !== "sending") return "unchanged";
  try {
    const delivered = await deliverMessage(message.id, () =>
      content.channel === "email"
        ? emailProvider().send({ to: r.recipient, subject: content.subject, html: content.html, text: content.text }, key)
        : smsProvider().send(r.recipient, content.text, key),
    );
    return delivered.status === "sent" ? "sent" : "unchanged";
  } catch (err) {
    // One follower's address refused for good fails their message, not the others'.
    if (err instanceof NonRetriableError) return "failed";
    throw err;
  }
}
