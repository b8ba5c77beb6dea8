import { NonRetriableError, type GetStepTools } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { queueMessage } from "@/server/domain/messages";
import type { ChannelMessage } from "@/server/emails/render-email";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import type { inngest } from "./client";
import { deliverMessage } from "./deliver-message";

/** What became of one recipient's notice: sent now, refused for good, or already queued or sent before (or nothing to say). */
export type NoticeOutcome = "sent" | "failed" | "unchanged";
export type NoticeTotals = Record<NoticeOutcome, number>;

/**
 * Queues one recipient's notice under `key` and delivers it if this run is the one to send it. The
 * key makes a retried step or a redelivered event find the row it queued before; only the run that
 * claims the message sends it. A provider's permanent refusal of this address fails this notice,
 * not the page's other recipients'.
 */
export async function queueAndDeliverNotice(notice: { key: string; kind: string; userId: string; recipient: string; content: ChannelMessage }): Promise<NoticeOutcome> {
  const { key, content, recipient } = notice;
  const provider = content.channel === "email" ? emailProvider() : smsProvider();
  const message = await queueMessage(backgroundDb(), {
    eventId: key,
    channel: content.channel,
    kind: notice.kind,
    userId: notice.userId,
    recipient,
    subject: content.subject,
    body: content.text,
    html: content.html,
    provider: provider.name,
  });
  if (message.status !== "queued" && message.status !== "sending") return "unchanged";
  try {
    const delivered = await deliverMessage(message.id, () =>
      content.channel === "email"
        ? emailProvider().send({ to: recipient, subject: content.subject, html: content.html, text: content.text }, key)
        : smsProvider().send(recipient, content.text, key),
    );
    return delivered.status === "sent" ? "sent" : "unchanged";
  } catch (err) {
    if (err instanceof NonRetriableError) return "failed";
    throw err;
  }
}

/**
 * Tells a report's recipients a page per step (`<name>-0`, `<name>-1`, …), each page starting after
 * the last one's cursor, so thousands of recipients are a few steps, each retried alone. `tellPage`
 * tells one page and says where the next starts (null: none). Returns the outcomes summed.
 */
export async function tellByPage(
  step: GetStepTools<typeof inngest>,
  name: string,
  tellPage: (after: string | null) => Promise<{ next: string | null; outcomes: (NoticeOutcome | null)[] }>,
): Promise<NoticeTotals> {
  const totals: NoticeTotals = { sent: 0, failed: 0, unchanged: 0 };
  let after: string | null = null;
  for (let page = 0; ; page++) {
    const from = after;
    const done: { next: string | null } & NoticeTotals = await step.run(`${name}-${page}`, async () => {
      const { next, outcomes } = await tellPage(from);
      const counted: NoticeTotals = { sent: 0, failed: 0, unchanged: 0 };
      for (const outcome of outcomes) if (outcome) counted[outcome] += 1;
      return { next, ...counted };
    });
    totals.sent += done.sent;
    totals.failed += done.failed;
    totals.unchanged += done.unchanged;
    if (!done.next) return totals;
    after = done.next;
  }
}
