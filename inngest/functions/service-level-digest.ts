import { cron, NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { queueMessage } from "@/server/domain/messages";
import { groupDigest } from "@/server/domain/service-levels/digest";
import { claimOverdueDigest, overdueDigestRecipients } from "@/server/domain/service-levels/overdue-digest";
import { renderOverdueDigest } from "@/server/emails/overdue-digest-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";

/**
 * Once an hour, one email per moderator (and admin) with a verified email, in their language, of
 * the reports that newly missed a service-level target: not one message per report. The breaches
 * are claimed for the hour in one step; each moderator's message is keyed by the hour and the
 * moderator, so a retried step or a second run in the same hour sends nothing twice.
 */
export const serviceLevelDigest = inngest.createFunction(
  { id: "service-level-digest", name: "Email moderators the newly overdue reports", triggers: [cron("5 * * * *")], retries: 4, concurrency: { limit: 1 } },
  async ({ step }) => {
    const claimed = await step.run("claim-overdue", async () => {
      const { hour, items } = await claimOverdueDigest(backgroundDb());
      return { hour: hour.toISOString(), items: items.map((i) => ({ ...i, deadline: i.deadline.toISOString() })) };
    });
    if (claimed.items.length === 0) return { hour: claimed.hour, overdue: 0, sent: 0 };
    const recipients = await step.run("recipients", () => overdueDigestRecipients(backgroundDb()));
    const groups = groupDigest(claimed.items.map((i) => ({ ...i, deadline: new Date(i.deadline) })));
    let sent = 0;
    for (const r of recipients) {
      const status = await step.run(`email-${r.userId}`, async () => {
        const e = env();
        const content = await renderOverdueDigest({
          groups,
          link: new URL("/admin/service-levels#overdue", e.APP_URL).toString(),
          reportLink: (ref) => new URL(`/reports/${encodeURIComponent(ref)}`, e.APP_URL).toString(),
          locale: r.locale,
        });
        const key = `service-level-digest:${claimed.hour}:${r.userId}`;
        const message = await queueMessage(backgroundDb(), {
          eventId: key,
          channel: "email",
          kind: "service_level_digest",
          userId: r.userId,
          recipient: r.email,
          subject: content.subject,
          body: content.text,
          html: content.html,
          provider: emailProvider().name,
        });
        if (message.status !== "queued" && message.status !== "sending") return message.status;
        try {
          const delivered = await deliverMessage(message.id, () => emailProvider().send({ to: r.email, subject: content.subject, html: content.html, text: content.text }, key));
          return delivered.status;
        } catch (err) {
          // One moderator's address refused for good fails their message, not the others'.
          if (err instanceof NonRetriableError) return "failed";
          throw err;
        }
      });
      if (status === "sent") sent += 1;
    }
    return { hour: claimed.hour, overdue: claimed.items.length, sent };
  },
);
