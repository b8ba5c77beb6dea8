import { backgroundDb } from "@/server/db/client";
import { queueMessage } from "@/server/domain/messages";
import { findStatusChangeRecipient } from "@/server/domain/profile/status-change-recipient";
import { notifiesReporter } from "@/server/domain/reports/status-change-notice";
import { renderStatusChangeMessage } from "@/server/emails/status-change-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { reportStatusChanged } from "../events";

/**
 * Tells the reporter that a moderator moved their report: by email where they have a verified
 * address, otherwise by SMS, as their preference says. The channel is decided once, in a step, so a
 * retry delivers on the channel the first attempt chose even if the profile changed in between.
 */
export const notifyReporter = inngest.createFunction(
  { id: "notify-reporter", name: "Notify reporter of a status change", triggers: [reportStatusChanged], retries: 5, concurrency: { limit: 5 } },
  async ({ event, step }) => {
    const { to, ref, note, reporterId, reportId } = event.data;
    if (!notifiesReporter(event.data)) return { skipped: "not-a-notified-status" };

    const plan = await step.run("choose-channel", () => findStatusChangeRecipient(backgroundDb(), reporterId, reportId));
    if (!plan) return { skipped: "no-notification-wanted" };

    const reportLink = (r: string) => new URL(`/reports/${encodeURIComponent(r)}`, env().APP_URL).toString();
    const duplicateOf = to === "duplicate" && plan.duplicateOfRef ? { ref: plan.duplicateOfRef, link: reportLink(plan.duplicateOfRef) } : null;
    const content = await renderStatusChangeMessage(plan.channel, { ref, title: plan.title, status: to, note, link: reportLink(ref), duplicateOf, locale: plan.locale });
    const provider = content.channel === "email" ? emailProvider() : smsProvider();

    const message = await step.run("queue-message", async () => {
      const row = await queueMessage(backgroundDb(), {
        eventId: event.id,
        channel: content.channel,
        kind: "report_status",
        userId: reporterId,
        recipient: plan.recipient,
        subject: content.subject,
        body: content.text,
        html: content.html,
        provider: provider.name,
      });
      return { id: row.id, status: row.status };
    });
    if (message.status !== "queued") return { messageId: message.id, status: message.status };

    return step.run("deliver", async () => {
      const delivered = await deliverMessage(message.id, () =>
        content.channel === "email"
          ? emailProvider().send({ to: plan.recipient, subject: content.subject, html: content.html, text: content.text }, event.id)
          : smsProvider().send(plan.recipient, content.text, event.id),
      );
      return { ...delivered, channel: content.channel };
    });
  },
);
