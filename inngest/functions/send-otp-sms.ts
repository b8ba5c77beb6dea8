import { NonRetriableError } from "inngest";
import { otpSecret } from "@/shared/events";
import { backgroundDb } from "@/server/db/client";
import { expiredBeforeSending, expireQueuedMessage, queueMessage } from "@/server/domain/messages";
import { otpSmsBody } from "@/server/domain/otp";
import { smsProvider } from "@/server/providers/sms";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { otpRequested } from "../events";

/** Texts a sign-in code. The code is opened from the sealed event field and never returned by a step. */
export const sendOtpSms = inngest.createFunction(
  { id: "send-otp-sms", name: "Send sign-in code by SMS", triggers: [otpRequested], retries: 4, concurrency: { limit: 10 } },
  async ({ event, step }) => {
    if (expiredBeforeSending(event.data.expiresAt)) {
      // A message queued by an earlier attempt is closed as failed, not left queued.
      await step.run("expire-message", () => expireQueuedMessage(backgroundDb(), event.id, "sms", "the code expired before it could be sent"));
      return { skipped: "expired" };
    }
    const parsed = otpSecret.safeParse(event.data.encrypted);
    if (!parsed.success) throw new NonRetriableError("auth/otp.requested carries no readable code (wrong INNGEST_ENCRYPTION_KEY?)");
    const provider = smsProvider();
    const locale = event.data.locale ?? "en";

    const message = await step.run("queue-message", async () => {
      const row = await queueMessage(backgroundDb(), {
        eventId: event.id,
        channel: "sms",
        kind: "otp",
        recipient: event.data.phone,
        // Only the dev mailbox keeps the code readable; a real provider's log row is redacted.
        body: provider.keepsBody ? otpSmsBody(parsed.data.code, locale) : otpSmsBody("••••••", locale),
        provider: provider.name,
      });
      return { id: row.id, status: row.status };
    });
    if (message.status !== "queued") return { messageId: message.id, status: message.status };

    return step.run("deliver", () => deliverMessage(message.id, () => provider.send(event.data.phone, otpSmsBody(parsed.data.code, locale), event.id)));
  },
);
