import { Resend } from "resend";
import { env } from "../config/env";
import { PermanentDeliveryError } from "./sms";

export { PermanentDeliveryError };

export interface EmailContent {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe for area alerts. */
  headers?: Record<string, string>;
}

export interface EmailProvider {
  readonly name: string;
  /** True where the message body is kept readable in `messages` (the dev mailbox shows it). */
  readonly keepsBody: boolean;
  /** Same key, same email: the provider sends a retried call once. */
  send(email: EmailContent, idempotencyKey: string): Promise<{ providerMessageId: string | null }>;
}

/** Development: the message row itself is the delivery; /dev/mailbox shows it. */
export const devMailboxEmail: EmailProvider = {
  name: "dev-mailbox",
  keepsBody: true,
  async send() {
    return { providerMessageId: null };
  },
};

/** A provider that hangs must fail the step (and be retried), not hold the run for ever. */
const SEND_TIMEOUT_MS = 20_000;

/**
 * Resend through its official client. `emails.send()` never throws: it answers {data, error}, and the
 * error's statusCode decides whether a retry can help (null means the request never got an answer).
 */
export function resendEmail(cfg: { apiKey: string; baseUrl?: string; from: string }): EmailProvider {
  const client = new Resend(cfg.apiKey, cfg.baseUrl ? { baseUrl: cfg.baseUrl } : undefined);
  return {
    name: "resend",
    keepsBody: false,
    async send(email, idempotencyKey) {
      const { data, error } = await client.emails.send(
        { from: cfg.from, to: email.to, subject: email.subject, html: email.html, text: email.text, ...(email.headers ? { headers: email.headers } : {}) },
        { idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      if (!error) return { providerMessageId: data?.id ?? null };
      const status = typeof error.statusCode === "number" ? error.statusCode : null;
      const why = `Resend ${status ?? "unreachable"}: ${error.name}: ${error.message}`;
      // 4xx (except 429) is the request itself being wrong; 429, 5xx and no answer may pass on a retry.
      if (status !== null && status >= 400 && status < 500 && status !== 429) throw new PermanentDeliveryError(why);
      throw new Error(why);
    },
  };
}

export function emailProvider(): EmailProvider {
  const e = env();
  if (e.RESEND_API_KEY) return resendEmail({ apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, from: e.EMAIL_FROM });
  return devMailboxEmail;
}
