import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { queueMessage } from "@/server/domain/messages";
import { unfollowToken } from "@/server/domain/reports/unfollow-token";
import { listNoticeRecipients, markToldThrough, pendingUpdatesFor, type NoticeRecipient } from "@/server/domain/updates/update-notices";
import { renderUpdateNotice } from "@/server/emails/update-notice-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { updateAdded } from "../events";

/**
 * Tells a report's followers and its reporter of new updates on it (ADR 0023). Debounced per report:
 * a burst of updates ends in one run, which sends each recipient one notice of every visible update
 * they were not told of yet and did not post themselves (so an update's author never hears of their
 * own). The notice's key is the newest update it tells of, so a retried step or a redelivered event
 * finds the message already queued; how far each recipient was told moves on once it is sent.
 */
export const notifyUpdateFollowers = inngest.createFunction(
  {
    id: "notify-update-followers",
    name: "Notify followers of new updates",
    triggers: [updateAdded],
    debounce: { key: "event.data.reportId", period: "1m", timeout: "10m" },
    concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.reportId" }],
    retries: 5,
  },
  async ({ event, step }) => {
    const report = await step.run("read-report", async () =>
      (await backgroundDb().selectFrom("reports").select(["title", "ref", "status"]).where("id", "=", event.data.reportId).executeTakeFirst()) ?? null,
    );
    // A report rejected since the update was posted is no longer public: nobody is told of it.
    if (!report || report.status === "rejected") return { skipped: "report-not-public" };
    const totals = { sent: 0, failed: 0, unchanged: 0 };
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const from = after;
      const done: { next: string | null; sent: number; failed: number; unchanged: number } = await step.run(`recipients-${page}`, async () => {
        const { recipients, next } = await listNoticeRecipients(backgroundDb(), event.data.reportId, from);
        const outcome = { sent: 0, failed: 0, unchanged: 0 };
        for (const r of recipients) {
          const told = await tell(event.data.reportId, report, r);
          if (told) outcome[told] += 1;
        }
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

async function tell(reportId: string, report: { title: string; ref: string }, r: NoticeRecipient): Promise<"sent" | "failed" | "unchanged" | null> {
  const db = backgroundDb();
  const pending = await pendingUpdatesFor(db, reportId, r.userId, r.since);
  if (!pending) return null;
  const e = env();
  const link = new URL(`/reports/${encodeURIComponent(report.ref)}`, e.APP_URL).toString();
  const unfollowLink = r.isReporter
    ? null
    : new URL(`/reports/${encodeURIComponent(report.ref)}/unfollow?token=${encodeURIComponent(unfollowToken(e.NEXTAUTH_SECRET, reportId, r.userId))}`, e.APP_URL).toString();
  const content = await renderUpdateNotice(r.channel, { ref: report.ref, title: report.title, count: pending.count, quotes: pending.quotes, link, unfollowLink, locale: r.locale });
  const provider = content.channel === "email" ? emailProvider() : smsProvider();
  const key = `update-notice:${pending.newestId}:${r.userId}`;
  const message = await queueMessage(db, {
    eventId: key,
    channel: content.channel,
    kind: "report_update_notice",
    userId: r.userId,
    recipient: r.recipient,
    subject: content.subject,
    body: content.text,
    html: content.html,
    provider: provider.name,
  });
  let outcome: "sent" | "failed" | "unchanged" = "unchanged";
  if (message.status === "queued" || message.status === "sending") {
    try {
      const delivered = await deliverMessage(message.id, () =>
        content.channel === "email"
          ? emailProvider().send({ to: r.recipient, subject: content.subject, html: content.html, text: content.text }, key)
          : smsProvider().send(r.recipient, content.text, key),
      );
      outcome = delivered.status === "sent" ? "sent" : "unchanged";
    } catch (err) {
      // One recipient's address refused for good fails their notice, not the others'.
      if (!(err instanceof NonRetriableError)) throw err;
      outcome = "failed";
    }
  }
  await markToldThrough(db, reportId, r.userId, pending.newestAt);
  return outcome;
}
