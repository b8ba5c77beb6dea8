import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import type { AlertFrequency, Message } from "@/server/db/schema";
import { claimAlertBatches, pendingAlertBatchesOf, unsentAlertMessages, type AlertBatch } from "@/server/domain/alerts/alert-batches";
import { alertUnsubscribeToken } from "@/server/domain/alerts/unsubscribe-token";
import { renderAreaAlertMessages } from "@/server/emails/area-alert-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import { deliverMessage } from "./deliver-message";

/** The signed links of a subscription's alerts: the page that confirms, and the one-click POST target. */
export function unsubscribeLinks(subscriptionId: string) {
  const e = env();
  const token = encodeURIComponent(alertUnsubscribeToken(e.NEXTAUTH_SECRET, subscriptionId));
  return {
    page: new URL(`/alerts/unsubscribe?token=${token}`, e.APP_URL).toString(),
    oneClick: new URL(`/api/alerts/unsubscribe?token=${token}`, e.APP_URL).toString(),
  };
}

/**
 * Renders a page of batches (a few shared renderings: renderAreaAlertMessages) and queues their
 * messages with their alerts marked told, in one statement. Returns the messages queued now.
 */
async function queueBatches(batches: readonly AlertBatch[]): Promise<Message[]> {
  const e = env();
  const contents = await renderAreaAlertMessages(
    batches.map((batch) => ({
      channel: batch.channel,
      frequency: batch.frequency,
      items: batch.items.map((i) => ({ ref: i.ref, title: i.title, kind: i.kind, status: i.status, link: new URL(`/reports/${encodeURIComponent(i.ref)}`, e.APP_URL).toString() })),
      areaLink: new URL(`/reports?at=${batch.area.latitude.toFixed(5)},${batch.area.longitude.toFixed(5)},14`, e.APP_URL).toString(),
      unsubscribeLink: unsubscribeLinks(batch.subscriptionId).page,
      locale: batch.locale,
    })),
  );
  const providers = { email: emailProvider().name, sms: smsProvider().name };
  return claimAlertBatches(
    backgroundDb(),
    batches.map((batch, i) => ({ batch, content: { subject: contents[i]!.subject, body: contents[i]!.text, html: contents[i]!.html, provider: providers[batch.channel] } })),
  );
}

/** Sends one queued alert message; an email carries List-Unsubscribe for its subscription (RFC 8058 one-click). */
async function send(message: Message): Promise<"sent" | "unchanged" | "failed"> {
  const subscriptionId = message.event_id.split(":")[1] ?? "";
  try {
    const delivered = await deliverMessage(message.id, () => {
      if (message.channel === "sms") return smsProvider().send(message.recipient, message.body, message.event_id);
      const headers = { "List-Unsubscribe": `<${unsubscribeLinks(subscriptionId).oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
      return emailProvider().send({ to: message.recipient, subject: message.subject ?? "", html: message.html ?? "", text: message.body, headers }, message.event_id);
    });
    return delivered.status === "sent" ? "sent" : "unchanged";
  } catch (err) {
    // One address refused for good fails that message, not the subscriber's others.
    if (err instanceof NonRetriableError) return "failed";
    throw err;
  }
}

/**
 * Queues, for a page of subscribers, every alert of `frequency` they have pending: one message per
 * subscription, all queued with their alerts marked told in one statement. With `settledFor` (an
 * alert key), only the subscribers the debounce lets that key's run tell now. Returns the ids of the
 * messages to send: those queued now and any a dead run queued for them but never sent. Safe to run
 * twice at once or again: nothing is queued twice.
 */
export async function queueAlertsOf(userIds: readonly string[], frequency: AlertFrequency, settledFor?: string) {
  const db = backgroundDb();
  const leftover = await unsentAlertMessages(db, userIds);
  const { batches, dropped } = await pendingAlertBatchesOf(db, userIds, frequency, { settledFor });
  const queued = await queueBatches(batches);
  return { messageIds: [...leftover, ...queued].map((m) => m.id), queued: queued.length, dropped };
}

/** Messages sent at once by one step (each is one provider call). */
const SEND_CONCURRENCY = 8;

/**
 * Sends queued alert messages, each through the message pipeline's claim (deliverMessage), so a
 * retried step or a second run never sends one twice.
 */
export async function sendAlertMessages(messageIds: readonly string[]) {
  const outcome = { sent: 0, unchanged: 0, failed: 0 };
  const messages = messageIds.length === 0 ? [] : await backgroundDb().selectFrom("messages").selectAll().where("id", "in", messageIds).execute();
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, messages.length) }, async () => {
      while (!failure && next < messages.length) {
        try {
          outcome[await send(messages[next++]!)] += 1;
        } catch (error) {
          // The step fails (and is retried) once every send under way has finished: none is left running.
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
  return outcome;
}
