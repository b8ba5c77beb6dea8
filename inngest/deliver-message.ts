import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { markMessage } from "@/server/domain/messages";
import { PermanentDeliveryError } from "@/server/providers/sms";

/**
 * The body of a "deliver" step for a queued message: send it, and record the outcome on its row.
 * A provider's permanent refusal (PermanentDeliveryError) fails the message and the run for good
 * (NonRetriableError); any other error is thrown for Inngest to retry the step.
 */
export async function deliverMessage(messageId: string, send: () => Promise<{ providerMessageId: string | null }>) {
  try {
    const sent = await send();
    await markMessage(backgroundDb(), messageId, { status: "sent", providerMessageId: sent.providerMessageId });
    return { messageId, status: "sent" as const };
  } catch (err) {
    if (err instanceof PermanentDeliveryError) {
      await markMessage(backgroundDb(), messageId, { status: "failed", error: err.message });
      throw new NonRetriableError(err.message, { cause: err });
    }
    throw err;
  }
}
