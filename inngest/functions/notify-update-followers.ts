import { backgroundDb } from "@/server/db/client";
import { unfollowToken } from "@/server/domain/reports/unfollow-token";
import { listNoticeRecipients, markToldThrough, pendingUpdatesFor, type NoticeRecipient } from "@/server/domain/updates/update-notices";
import { renderUpdateNotice } from "@/server/emails/update-notice-email";
import { env } from "@/server/config/env";
import { inngest } from "../client";
import { updateAdded } from "../events";
import { queueAndDeliverNotice, tellByPage, type NoticeOutcome } from "../notice-pages";

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
    return tellByPage(step, "recipients", async (after) => {
      const { recipients, next } = await listNoticeRecipients(backgroundDb(), event.data.reportId, after);
      const outcomes: (NoticeOutcome | null)[] = [];
      for (const r of recipients) outcomes.push(await tell(event.data.reportId, report, r));
      return { next, outcomes };
    });
  },
);

async function tell(reportId: string, report: { title: string; ref: string }, r: NoticeRecipient): Promise<NoticeOutcome | null> {
  const db = backgroundDb();
  const pending = await pendingUpdatesFor(db, reportId, r.userId, r.since);
  if (!pending) return null;
  const e = env();
  const link = new URL(`/reports/${encodeURIComponent(report.ref)}`, e.APP_URL).toString();
  const unfollowLink = r.isReporter
    ? null
    : new URL(`/reports/${encodeURIComponent(report.ref)}/unfollow?token=${encodeURIComponent(unfollowToken(e.NEXTAUTH_SECRET, reportId, r.userId))}`, e.APP_URL).toString();
  const content = await renderUpdateNotice(r.channel, { ref: report.ref, title: report.title, count: pending.count, quotes: pending.quotes, link, unfollowLink, locale: r.locale });
  const outcome = await queueAndDeliverNotice({ key: `update-notice:${pending.newestId}:${r.userId}`, kind: "report_update_notice", userId: r.userId, recipient: r.recipient, content });
  await markToldThrough(db, reportId, r.userId, pending.newestAt);
  return outcome;
}
