import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { claimMessage, markClaimedSent, markMessage, releaseClaim } from "@/server/domain/messages";
import { PermanentDeliveryError } from "@/server/providers/sms";

/**
 * The body of a "deliver" step for a queued message: claim it, send it, and record the outcome on
 * its row. Only the run that claims the message sends it, so an event delivered twice, or a step
 * retried after its first attempt sent, never sends twice (SMS providers take no idempotency key).
 * A provider's permanent refusal (PermanentDeliveryError) fails the message and the run for good
 * (NonRetriableError); any other error gives the claim back and is thrown for Inngest to retry.
 */
export async function deliverMessage(messageId: string, send: () => Promise<{ providerMessageId: string | null }>) {
  const db = backgroundDb();
  if (!(await claimMessage(db, messageId))) return { messageId, status: "already-claimed" as const };
  try {
    const sent = await send();
    await markClaimedSent(db, messageId, sent.providerMessageId);
    return { messageId, status: "sent" as const };
  } catch (err) {
    if (err instanceof PermanentDeliveryError) {
      await markMessage(db, messageId, { status: "failed", error: err.message });
      throw new NonRetriableError(err.message, { cause: err });
    }
    await releaseClaim(db, messageId, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
