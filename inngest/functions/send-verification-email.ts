import { NonRetriableError } from "inngest";
import { emailTokenSecret } from "@/shared/events";
import { backgroundDb } from "@/server/db/client";
import { findMessageLocale } from "@/server/domain/profile/user-locale";
import { expiredBeforeSending, expireQueuedMessage, queueMessage } from "@/server/domain/messages";
import { renderVerificationEmail } from "@/server/emails/verification-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { emailVerificationRequested } from "../events";

export function verificationLink(token: string): string {
  const url = new URL("/verify-email", env().APP_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * Emails a verification link. The token is opened from the sealed event field and never returned by
 * a step; with a real provider and no dev mailbox the stored body has it blanked out. The event id is the provider's
 * idempotency key, so a retry after a lost answer does not send a second email.
 */
export const sendVerificationEmail = inngest.createFunction(
  { id: "send-verification-email", name: "Send email verification link", triggers: [emailVerificationRequested], retries: 5, concurrency: { limit: 5 } },
  async ({ event, step }) => {
    if (expiredBeforeSending(event.data.expiresAt)) {
      await step.run("expire-message", () => expireQueuedMessage(backgroundDb(), event.id, "email", "the link expired before it could be sent"));
      return { skipped: "expired" };
    }
    const parsed = emailTokenSecret.safeParse(event.data.encrypted);
    if (!parsed.success) throw new NonRetriableError("user/email-verification.requested carries no readable token (wrong INNGEST_ENCRYPTION_KEY?)");
    const provider = emailProvider();
    // The account's language when the email is sent, read once so a retry writes the same email.
    const locale = await step.run("read-locale", () => findMessageLocale(backgroundDb(), event.data.userId));
    const email = await renderVerificationEmail({ email: event.data.email, link: verificationLink(parsed.data.token), locale });

    const message = await step.run("queue-message", async () => {
      // The dev mailbox (development only: env refuses DEV_MAILBOX in production) shows the link in
      // full even with a real provider configured, so verification can be finished locally.
      const readable = provider.keepsBody || env().DEV_MAILBOX;
      const redacted = readable ? null : await renderVerificationEmail({ email: event.data.email, link: verificationLink("••••••"), locale });
      const row = await queueMessage(backgroundDb(), {
        eventId: event.id,
        channel: "email",
        kind: "email_verification",
        userId: event.data.userId,
        recipient: event.data.email,
        subject: email.subject,
        // Only the dev mailbox keeps the link usable; elsewhere a real provider's log row is redacted.
        body: (redacted ?? email).text,
        html: (redacted ?? email).html,
        provider: provider.name,
      });
      return { id: row.id, status: row.status };
    });
    if (message.status !== "queued") return { messageId: message.id, status: message.status };

    return step.run("deliver", () => deliverMessage(message.id, () => provider.send({ to: event.data.email, ...email }, event.id)));
  },
);
