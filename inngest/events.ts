import { eventType } from "inngest";
import { z } from "zod";

/**
 * Every event CivicLens emits, with its payload schema: the contract between the app (which writes
 * them to the outbox) and the durable functions (which consume them). Secrets travel only inside
 * `encrypted`, sealed before the outbox write and opened by the encryption middleware.
 */
const sealed = z.unknown();

export const otpRequestedData = z.object({ phone: z.string(), otpId: z.string(), expiresAt: z.string(), encrypted: sealed });
export const otpRequested = eventType("auth/otp.requested", { schema: otpRequestedData });
/** What `encrypted` holds for auth/otp.requested once the middleware has opened it. */
export const otpSecret = z.object({ code: z.string().regex(/^\d{6}$/) });

export const loginSucceededData = z.object({
  userId: z.string(),
  method: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
});
export const loginSucceeded = eventType("auth/login.succeeded", { schema: loginSucceededData });

export const reportCreatedData = z.object({
  reportId: z.string(),
  reporterId: z.string(),
  ref: z.string(),
  category: z.string().nullable(),
  severity: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
});
export const reportCreated = eventType("report/created", { schema: reportCreatedData });

export const MODERATION_ACTIONS = ["acknowledge", "start", "resolve", "reject", "duplicate", "recategorize"] as const;
export const reportStatusChangedData = z.object({
  reportId: z.string(),
  ref: z.string(),
  reporterId: z.string(),
  from: z.string(),
  to: z.string(),
  action: z.enum(MODERATION_ACTIONS),
  actorId: z.string(),
  note: z.string().nullable(),
  /** Set for "reject": "spam" reverses the filing award. */
  rejectReason: z.string().nullable().optional(),
  duplicateOf: z.string().nullable().optional(),
  at: z.string(),
});
export const reportStatusChanged = eventType("report/status.changed", { schema: reportStatusChangedData });

export const emailVerificationRequestedData = z.object({ userId: z.string(), email: z.string(), tokenId: z.string(), expiresAt: z.string(), encrypted: sealed });
export const emailVerificationRequested = eventType("user/email-verification.requested", { schema: emailVerificationRequestedData });
/** What `encrypted` holds for user/email-verification.requested once opened. */
export const emailTokenSecret = z.object({ token: z.string().min(32) });

export const emailVerifiedData = z.object({ userId: z.string(), email: z.string(), at: z.string() });
export const emailVerified = eventType("user/email.verified", { schema: emailVerifiedData });

/**
 * Sent by `outbox-sweep` to itself when a backlog outlasts one run's passes, so the next run starts
 * at once instead of at the next minute. Not an outbox event: the sweep sends it as a step.
 */
export const outboxSweepRequested = eventType("outbox/sweep.requested", { schema: z.object({ previousRunId: z.string() }) });

/** Name -> payload schema, for checks on what the outbox holds. */
export const eventSchemas = {
  "auth/otp.requested": otpRequestedData,
  "auth/login.succeeded": loginSucceededData,
  "report/created": reportCreatedData,
  "report/status.changed": reportStatusChangedData,
  "user/email-verification.requested": emailVerificationRequestedData,
  "user/email.verified": emailVerifiedData,
} as const;
