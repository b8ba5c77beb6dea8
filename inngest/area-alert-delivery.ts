import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import type { AlertFrequency, Message } from "@/server/db/schema";
import { claimAlertBatch, pendingAlertBatches, unsentAlertMessages, type AlertBatch } from "@/server/domain/alerts/alert-batches";
import { alertUnsubscribeToken } from "@/server/domain/alerts/unsubscribe-token";
import { renderAreaAlertMessage } from "@/server/emails/area-alert-email";
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

async function queueBatch(batch: AlertBatch): Promise<Message | null> {
  const e = env();
  const { latitude, longitude } = batch.area;
  const content = await renderAreaAlertMessage(batch.channel, {
    frequency: batch.frequency,
    items: batch.items.map((i) => ({ ref: i.ref, title: i.title, kind: i.kind, status: i.status, link: new URL(`/reports/${encodeURIComponent(i.ref)}`, e.APP_URL).toString() })),
    areaLink: new URL(`/reports?at=${latitude.toFixed(5)},${longitude.toFixed(5)},14`, e.APP_URL).toString(),
    unsubscribeLink: unsubscribeLinks(batch.subscriptionId).page,
    locale: batch.locale,
  });
  return claimAlertBatch(backgroundDb(), batch, {
    kind: "area_alert",
    subject: content.subject,
    body: content.text,
    html: content.html,
    provider: batch.channel === "email" ? emailProvider().name : smsProvider().name,
  });
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
 * Tells a subscriber of every alert of `frequency` they have pending: one message per subscription,
 * queued with its alerts marked told in one transaction, then sent by whoever claims it. Messages a
 * dead run queued but never sent go first. Safe to run twice at once or again: nothing is told twice.
 */
export async function tellSubscriber(userId: string, frequency: AlertFrequency) {
  const outcome = { sent: 0, unchanged: 0, failed: 0, dropped: 0 };
  for (const message of await unsentAlertMessages(backgroundDb(), userId)) outcome[await send(message)] += 1;
  const { batches, dropped } = await pendingAlertBatches(backgroundDb(), userId, frequency);
  outcome.dropped = dropped;
  for (const batch of batches) {
    const message = await queueBatch(batch);
    if (message) outcome[await send(message)] += 1;
  }
  return outcome;
}
