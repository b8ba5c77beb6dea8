import "server-only";
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

/** How long a claim holds: longer than any provider call takes; a claim older than this was left by a run that died. */
export const SEND_CLAIM_MS = 5 * 60_000;

/**
 * Takes a message for sending. True for exactly one caller while the claim holds: a second delivery
 * of the event, or a retry of the step whose first attempt is still sending or has sent, gets false
 * and must not send. A queued message, or one whose claim is older than SEND_CLAIM_MS, can be taken.
 */
export async function claimMessage(db: Executor, id: string, now = new Date()): Promise<boolean> {
  const res = await db
    .updateTable("messages")
    .set({ status: "sending", updated_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "sending"), eb("updated_at", "<", new Date(now.getTime() - SEND_CLAIM_MS))])]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The claimed message was sent: 'sent', unless a provider webhook already moved it further. */
export async function markClaimedSent(db: Executor, id: string, providerMessageId: string | null): Promise<void> {
  await db
    .updateTable("messages")
    .set({ status: "sent", provider_message_id: providerMessageId, updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();
}

/** A send that failed and will be retried gives its claim back, with the error. */
export async function releaseClaim(db: Executor, id: string, error: string): Promise<void> {
  await db.updateTable("messages").set({ status: "queued", error, updated_at: new Date() }).where("id", "=", id).where("status", "=", "sending").execute();
}

/**
 * Whether a secret (a sign-in code, a verification link) expired before it could be sent: Inngest
 * was unreachable, or the provider failing, for longer than it lives. A dead secret helps nobody,
 * so it is not sent.
 */
export function expiredBeforeSending(expiresAt: string, now = Date.now()): boolean {
  return new Date(expiresAt).getTime() <= now;
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
