import type { DB, Executor } from "../db/client";
import type { Message, MessageStatus } from "../db/schema";

export interface QueueMessageInput {
  eventId: string;
  channel: "sms" | "email";
  kind: string;
  userId?: string | null;
  recipient: string;
  subject?: string | null;
  body: string;
  html?: string | null;
  provider: string;
}

/** One row per (event, channel): a retried or redelivered event finds the row it queued before. */
export async function queueMessage(db: Executor, input: QueueMessageInput): Promise<Message> {
  await db
    .insertInto("messages")
    .values({
      event_id: input.eventId,
      channel: input.channel,
      kind: input.kind,
      user_id: input.userId ?? null,
      recipient: input.recipient,
      subject: input.subject ?? null,
      body: input.body,
      html: input.html ?? null,
      provider: input.provider,
    })
    .onConflict((oc) => oc.columns(["event_id", "channel"]).doNothing())
    .execute();
  return db
    .selectFrom("messages")
    .selectAll()
    .where("event_id", "=", input.eventId)
    .where("channel", "=", input.channel)
    .executeTakeFirstOrThrow();
}

export async function markMessage(
  db: Executor,
  id: string,
  patch: { status: MessageStatus; providerMessageId?: string | null; error?: string | null },
): Promise<void> {
  await db
    .updateTable("messages")
    .set({
      status: patch.status,
      ...(patch.providerMessageId !== undefined ? { provider_message_id: patch.providerMessageId } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

/** Closes a message that was queued but can no longer be sent (e.g. its code expired). */
export async function expireQueuedMessage(db: Executor, eventId: string, channel: "sms" | "email", reason: string): Promise<boolean> {
  const res = await db
    .updateTable("messages")
    .set({ status: "failed", error: reason, updated_at: new Date() })
    .where("event_id", "=", eventId)
    .where("channel", "=", channel)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The dev mailbox: newest first, optionally for one recipient. */
export async function listMailbox(db: DB, opts: { recipient?: string; limit?: number } = {}): Promise<Message[]> {
  let q = db.selectFrom("messages").selectAll().orderBy("created_at", "desc").limit(Math.min(opts.limit ?? 50, 200));
  if (opts.recipient) q = q.where("recipient", "=", opts.recipient);
  return q.execute();
}
