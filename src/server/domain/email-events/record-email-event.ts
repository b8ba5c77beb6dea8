import "server-only";
import type { Executor } from "../../db/client";
import type { MessageStatus } from "../../db/schema";

/** Resend webhook event types that move a message, and where to. Others are acknowledged and ignored. */
export const EMAIL_EVENT_STATUS: Record<string, MessageStatus> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
};

/**
 * Webhooks arrive late, twice and out of order, so a status only moves forward: a late "delivered"
 * never hides a bounce, while a complaint may follow a delivery.
 */
const MAY_FOLLOW: Record<MessageStatus, MessageStatus[]> = {
  queued: [],
  sending: [],
  sent: [],
  delivered: ["queued", "sending", "sent"],
  bounced: ["queued", "sending", "sent", "delivered"],
  complained: ["queued", "sending", "sent", "delivered"],
  failed: ["queued", "sending", "sent"],
};

export type EmailEventOutcome = "updated" | "unchanged" | "unknown-message" | "ignored-type";

export async function recordEmailEvent(db: Executor, input: { type: string; providerMessageId: string; detail?: string | null }, now = new Date()): Promise<EmailEventOutcome> {
  const status = EMAIL_EVENT_STATUS[input.type];
  if (!status) return "ignored-type";
  const message = await db.selectFrom("messages").select(["id", "status"]).where("provider", "=", "resend").where("provider_message_id", "=", input.providerMessageId).executeTakeFirst();
  if (!message) return "unknown-message";
  const res = await db
    .updateTable("messages")
    .set({ status, updated_at: now, ...(input.detail && status !== "delivered" ? { error: input.detail.slice(0, 1000) } : {}) })
    .where("id", "=", message.id)
    .where("status", "in", MAY_FOLLOW[status])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0 ? "updated" : "unchanged";
}
