import "server-only";
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { translator } from "@/i18n/messages";
import { DEFAULT_LOCALE, type Locale } from "@/shared/locales";
import type { DB } from "../db/client";
import type { User } from "../db/schema";
import { enqueue } from "../outbox/enqueue";
import { recordAudit } from "./audit";
import { maskPhone, normalizePhone } from "./phone";
import { consumeRateLimits } from "./rate-limit";
import { findOrCreateUserByPhone } from "./users";
import { said } from "./server-messages";

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_WRONG_ATTEMPTS = 5;
/** The resend countdown the sign-in page shows, enforced here too. */
export const OTP_RESEND_SECONDS = 30;

export interface OtpConfig {
  secret: string;
  defaultCountry: string;
  /** Seals the code for the event so it is unreadable in the outbox, Inngest and logs. */
  seal: (value: unknown) => Promise<unknown>;
  limits: { perPhone: number; perPhoneWindowSeconds: number; perIp: number; perIpWindowSeconds: number };
}

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  /** The asking request's language: the phone may have no account, so no saved language, yet. */
  locale?: Locale;
}

export function hashOtp(secret: string, phone: string, code: string): string {
  return createHmac("sha256", secret).update(`${phone}:${code}`).digest("hex");
}

/** The sign-in text message, in the language of the request that asked for it. */
export function otpSmsBody(code: string, locale: Locale = DEFAULT_LOCALE) {
  const t = translator(locale, "OtpSms");
  return t("body", { code, minutes: OTP_TTL_SECONDS / 60 });
}

export function generateOtpCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

/**
 * Issues a sign-in code: rate limits, stores only its HMAC, and queues the SMS as an outbox event
 * in the same transaction. Returns at once; the SMS goes out in the background.
 */
export async function requestOtp(db: DB, input: { phone: string }, ctx: RequestContext, config: OtpConfig, now = new Date()) {
  const phone = normalizePhone(input.phone, config.defaultCountry);
  const code = generateOtpCode();
  const expiresAt = new Date(now.getTime() + OTP_TTL_SECONDS * 1000);
  const sealed = await config.seal({ code });

  await db.transaction().execute(async (trx) => {
    const limits = [
      { key: `otp:phone-resend:${phone}`, limit: 1, windowSeconds: OTP_RESEND_SECONDS, message: said("codeJustSent") },
      { key: `otp:phone:${phone}`, limit: config.limits.perPhone, windowSeconds: config.limits.perPhoneWindowSeconds, message: said("tooManyCodesForNumber") },
    ];
    if (ctx.ip) limits.push({ key: `otp:ip:${ctx.ip}`, limit: config.limits.perIp, windowSeconds: config.limits.perIpWindowSeconds, message: said("tooManyCodesFromNetwork") });
    await consumeRateLimits(trx, limits, now);

    // Only the newest code is valid: a resend supersedes the earlier ones.
    await trx.updateTable("otp_codes").set({ consumed_at: now }).where("phone", "=", phone).where("consumed_at", "is", null).execute();
    const otp = await trx
      .insertInto("otp_codes")
      .values({ phone, code_hash: hashOtp(config.secret, phone, code), expires_at: expiresAt, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(trx, "auth/otp.requested", { phone, otpId: otp.id, expiresAt: expiresAt.toISOString(), locale: ctx.locale ?? DEFAULT_LOCALE, encrypted: sealed });
  });

  return { sentTo: maskPhone(phone), expiresInSeconds: OTP_TTL_SECONDS, retryAfterSeconds: OTP_RESEND_SECONDS };
}

export type VerifyResult =
  | { ok: true; user: User; created: boolean }
  | { ok: false; reason: "invalid_input" | "no_active_code" | "wrong_code" | "code_locked" | "suspended" };

/**
 * Verifies a code synchronously and in constant time. The code row is locked, so two tabs
 * submitting the same code cannot both sign in. Success, failure, the audit row and the
 * `auth/login.succeeded` outbox event commit together.
 */
export async function verifyOtp(
  db: DB,
  input: { phone: string; code: string },
  ctx: RequestContext,
  config: Pick<OtpConfig, "secret" | "defaultCountry"> & { ipLimit?: { limit: number; windowSeconds: number } },
  now = new Date(),
): Promise<VerifyResult> {
  let phone: string;
  try {
    phone = normalizePhone(input.phone, config.defaultCountry);
  } catch {
    return { ok: false, reason: "invalid_input" };
  }
  if (!/^\d{6}$/.test(input.code)) return { ok: false, reason: "invalid_input" };
  const candidate = Buffer.from(hashOtp(config.secret, phone, input.code), "hex");

  return db.transaction().execute(async (trx) => {
    if (ctx.ip && config.ipLimit) {
      await consumeRateLimits(trx, [{ key: `signin:ip:${ctx.ip}`, ...config.ipLimit, message: said("tooManySignIns") }], now);
    }
    const audit = (status: "success" | "failure", reason: string, actorId: string | null = null, extra: Record<string, unknown> = {}) =>
      recordAudit(trx, {
        action: status === "success" ? "auth.login.succeeded" : "auth.login.failed",
        status,
        actorId,
        resourceType: "user",
        resourceId: actorId ?? phone,
        description: status === "success" ? "Signed in with a one-time code" : `Sign-in refused: ${reason}`,
        metadata: { method: "phone-otp", phone: maskPhone(phone), reason, ...extra },
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });

    const otp = await trx
      .selectFrom("otp_codes")
      .selectAll()
      .where("phone", "=", phone)
      .where("consumed_at", "is", null)
      .where("expires_at", ">", now)
      .orderBy("created_at", "desc")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!otp) {
      await audit("failure", "no_active_code");
      return { ok: false, reason: "no_active_code" } as const;
    }
    if (otp.attempts >= OTP_MAX_WRONG_ATTEMPTS) {
      await audit("failure", "code_locked");
      return { ok: false, reason: "code_locked" } as const;
    }
    const stored = Buffer.from(otp.code_hash, "hex");
    if (stored.length !== candidate.length || !timingSafeEqual(stored, candidate)) {
      const attempts = otp.attempts + 1;
      // The fifth wrong guess kills the code: the citizen must ask for a new one.
      await trx
        .updateTable("otp_codes")
        .set({ attempts: sql`attempts + 1`, consumed_at: attempts >= OTP_MAX_WRONG_ATTEMPTS ? now : null })
        .where("id", "=", otp.id)
        .execute();
      await audit("failure", "wrong_code", null, { attempts });
      return { ok: false, reason: attempts >= OTP_MAX_WRONG_ATTEMPTS ? "code_locked" : "wrong_code" } as const;
    }

    await trx.updateTable("otp_codes").set({ consumed_at: now }).where("id", "=", otp.id).execute();
    const { user, created } = await findOrCreateUserByPhone(trx, phone, ctx.locale);
    if (user.status !== "active") {
      await audit("failure", "suspended", user.id);
      return { ok: false, reason: "suspended" } as const;
    }
    await audit("success", created ? "first_sign_in" : "sign_in", user.id, { created });
    await enqueue(trx, "auth/login.succeeded", { userId: user.id, method: "phone-otp", ip: ctx.ip, userAgent: ctx.userAgent, at: now.toISOString() });
    return { ok: true, user, created } as const;
  });
}
