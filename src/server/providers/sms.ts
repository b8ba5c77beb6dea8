import { env } from "../config/env";

export interface SmsSendResult {
  providerMessageId: string | null;
}

/** A permanent refusal (bad number, unverified sender): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

export interface SmsProvider {
  readonly name: string;
  /** True where the message body is kept readable in `messages` (the dev mailbox shows it). */
  readonly keepsBody: boolean;
  send(to: string, body: string, idempotencyKey: string): Promise<SmsSendResult>;
}

/** Development: the message row itself is the delivery; /dev/mailbox shows it. */
export const devMailboxSms: SmsProvider = {
  name: "dev-mailbox",
  keepsBody: true,
  async send() {
    return { providerMessageId: null };
  },
};

/** Twilio's REST API (Messages resource), called with fetch so no SDK is needed. */
export function twilioSms(cfg: { accountSid: string; authToken: string; from: string; baseUrl: string }): SmsProvider {
  return {
    name: "twilio",
    keepsBody: false,
    async send(to, body) {
      const res = await fetch(`${cfg.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ To: to, From: cfg.from, Body: body }),
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
      if (res.ok) return { providerMessageId: json.sid ?? null };
      const why = `Twilio ${res.status}: ${json.message ?? res.statusText}`;
      // 4xx (except 429) is the request itself being wrong; 429 and 5xx may pass on a retry.
      if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new PermanentDeliveryError(why);
      throw new Error(why);
    },
  };
}

export function smsProvider(): SmsProvider {
  const e = env();
  if (e.SMS_PROVIDER === "twilio") {
    return twilioSms({ accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN!, from: e.TWILIO_FROM!, baseUrl: e.TWILIO_BASE_URL });
  }
  return devMailboxSms;
}
