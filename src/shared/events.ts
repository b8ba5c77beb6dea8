import { z } from "zod";
import { LOCALES } from "./locales";

/**
 * Every event CivicLens emits, by name, with its payload schema: the one contract between the code
 * that writes events (the domain, through the outbox's `enqueue`) and the durable functions that
 * consume them (inngest/events.ts builds their triggers from it). It imports zod only, so the
 * domain, the outbox, the functions and the tests can all depend on it.
 *
 * Secrets travel only inside `encrypted`, sealed before the outbox write and opened by the
 * encryption middleware before a function sees the event, which is why that field is `unknown` here.
 */
const sealed = z.unknown();

/** What a moderator can do to a report; report/status.changed carries it, and the admin API takes it. */
export const MODERATION_ACTIONS = ["acknowledge", "start", "resolve", "reject", "duplicate", "recategorize"] as const;

/** report/supported and report/unsupported: the count is the report's after the change. */
const supportChange = z.object({
  reportId: z.string(),
  ref: z.string(),
  reporterId: z.string(),
  supporterId: z.string(),
  supportCount: z.number().int(),
  at: z.string(),
});

export const eventSchemas = {
  /** `locale`: the asking request's language, which the SMS is written in (absent in events written before it existed: English). */
  "auth/otp.requested": z.object({ phone: z.string(), otpId: z.string(), expiresAt: z.string(), locale: z.enum(LOCALES).optional(), encrypted: sealed }),
  "auth/login.succeeded": z.object({
    userId: z.string(),
    method: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    at: z.string(),
  }),
  "report/created": z.object({
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
  }),
  "report/status.changed": z.object({
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
  }),
  /** A citizen's "this affects me too" was recorded (not sent for a support already there). */
  "report/supported": supportChange,
  /** A citizen withdrew their support (not sent when there was none to withdraw). */
  "report/unsupported": supportChange,
  /** A photo was uploaded to a report and waits in quarantine for `process-photo`. */
  /**
   * A moderator corrected a report's category or moved its location, so `route-report` routes it
   * again (report/created routes it first).
   */
  "report/route.requested": z.object({ reportId: z.string(), reason: z.enum(["recategorized", "moved"]), actorId: z.string(), at: z.string() }),
  "report/photo.uploaded": z.object({ photoId: z.string(), reportId: z.string(), uploaderId: z.string(), at: z.string() }),
  /** Someone posted an update on a report (issue 20; ADR 0023): followers and the reporter hear of it, debounced. */
  "report/update.added": z.object({ updateId: z.string(), reportId: z.string(), ref: z.string(), authorId: z.string(), kind: z.enum(["note", "still_there", "fixed", "staff"]), at: z.string() }),
  "user/email-verification.requested": z.object({ userId: z.string(), email: z.string(), tokenId: z.string(), expiresAt: z.string(), encrypted: sealed }),
  "user/email.verified": z.object({ userId: z.string(), email: z.string(), at: z.string() }),
  /**
   * Sent by `outbox-sweep` to itself when a backlog outlasts one run's passes, so the next run starts
   * at once instead of at the next minute. The sweep sends it as a step, not through the outbox.
   */
  "outbox/sweep.requested": z.object({ previousRunId: z.string() }),
  /** Immediate subscribers gained pending alerts under one alert key (one per fan-out, written by it; ADR 0020). */
  "alert/pending.added": z.object({ reportId: z.string(), alertKey: z.string() }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;

/**
 * Shapes an event had before it changed, still received (never produced): events of the old shape
 * may wait in a deployed outbox, or in a run Inngest holds, when the new code arrives. The event's
 * consumer handles both (inngest/events.ts accepts either). One goes once no deployment can hold it.
 */
export const legacyEventSchemas = {
  /** Until 2026-12-06 (stop 24): one event per immediate subscriber, debounced per subscriber (ADR 0020). */
  "alert/pending.added": z.object({ userId: z.string(), reportId: z.string() }),
} satisfies Partial<Record<EventName, z.ZodType>>;

/** An event as a function receives it: its id (the outbox row's), its name and its payload. */
export type ContractEvent<N extends EventName = EventName> = { [K in N]: { id: string; name: K; data: EventPayload<K> } }[N];

/** What `encrypted` holds for auth/otp.requested once the middleware has opened it. */
export const otpSecret = z.object({ code: z.string().regex(/^\d{6}$/) });
/** What `encrypted` holds for user/email-verification.requested once opened. */
export const emailTokenSecret = z.object({ token: z.string().min(32) });

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(eventSchemas, name);
}

/** The payload checked against its event's schema: the parsed payload, or the schema's issues. */
export function checkPayload<N extends EventName>(name: N, payload: unknown) {
  return eventSchemas[name].safeParse(payload);
}
