import { Resend } from "resend";
import { db } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { recordEmailEvent } from "@/server/domain/email-events/record-email-event";
import { env } from "@/server/config/env";
import { logger } from "@/server/logging/logger";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 256 * 1024;

function answer(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status });
}

/** Svix sends svix-*; the Standard Webhooks spec names them webhook-*. Accept either. */
function signatureHeaders(h: Headers) {
  const id = h.get("svix-id") ?? h.get("webhook-id");
  const timestamp = h.get("svix-timestamp") ?? h.get("webhook-timestamp");
  const signature = h.get("svix-signature") ?? h.get("webhook-signature");
  return id && timestamp && signature ? { id, timestamp, signature } : null;
}

interface ResendWebhookEvent {
  type?: unknown;
  data?: { email_id?: unknown; bounce?: { message?: unknown } } | null;
}

/**
 * Resend's delivery events (delivered, bounced, complained, failed) move the matching `messages` row.
 * Only signed requests count; anything else is refused with a 4xx, never a 500, and an event for a
 * message we do not know is acknowledged (200) so Resend does not retry it for days.
 */
export async function POST(req: Request): Promise<Response> {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) return answer(503, { error: "Resend webhooks are not configured on this server: set RESEND_WEBHOOK_SECRET (whsec_…)." });

  const payload = await req.text().catch(() => null);
  if (payload === null) return answer(400, { error: "Could not read the request body." });
  if (Buffer.byteLength(payload) > MAX_BODY_BYTES) return answer(413, { error: "Webhook body too large." });
  const headers = signatureHeaders(req.headers);
  if (!headers) return answer(401, { error: "Missing webhook signature headers (svix-id, svix-timestamp, svix-signature)." });

  let event: ResendWebhookEvent;
  try {
    // verify() only uses the signing secret; the client insists on an API key to be constructed.
    const resend = new Resend(env().RESEND_API_KEY ?? "re_webhook_verification_only");
    event = resend.webhooks.verify({ payload, headers, webhookSecret: secret }) as unknown as ResendWebhookEvent;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof SyntaxError) return answer(400, { error: "The webhook body is not JSON." });
    if (err instanceof Error && err.name === "WebhookVerificationError") {
      if (/timestamp too (old|new)/i.test(message)) return answer(400, { error: "Webhook timestamp is more than 5 minutes off; refusing a possible replay." });
      return answer(401, { error: "Invalid webhook signature." });
    }
    logger.error({ err }, `[webhooks/resend] cannot verify signatures: ${message}`);
    return answer(503, { error: "RESEND_WEBHOOK_SECRET is not a valid signing secret (expected whsec_ followed by base64)." });
  }

  const type = typeof event?.type === "string" ? event.type : null;
  const emailId = typeof event?.data?.email_id === "string" ? event.data.email_id : null;
  if (!type || !emailId) return answer(200, { ok: true, ignored: "no type or email_id" });
  const bounce = event.data?.bounce?.message;

  try {
    const outcome = await recordEmailEvent(db(), { type, providerMessageId: emailId, detail: typeof bounce === "string" ? bounce : null });
    if (outcome === "unknown-message") logger.warn(`[webhooks/resend] ${type} for unknown email ${emailId}; acknowledged`);
    return answer(200, { ok: true, outcome });
  } catch (err) {
    if (isDatabaseUnavailable(err)) return answer(503, { error: "Database unavailable; retry later." });
    throw err;
  }
}
