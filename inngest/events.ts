import { eventType } from "inngest";
import { eventSchemas as schemas, legacyEventSchemas } from "@/shared/events";

/**
 * The functions' triggers, built from the event contract (src/shared/events.ts): the SDK checks a
 * received event against its schema and types `event` by it. Only what needs the Inngest SDK is here.
 */
export const otpRequested = eventType("auth/otp.requested", { schema: schemas["auth/otp.requested"] });
export const loginSucceeded = eventType("auth/login.succeeded", { schema: schemas["auth/login.succeeded"] });
export const reportCreated = eventType("report/created", { schema: schemas["report/created"] });
export const reportStatusChanged = eventType("report/status.changed", { schema: schemas["report/status.changed"] });
export const reportSupported = eventType("report/supported", { schema: schemas["report/supported"] });
export const reportUnsupported = eventType("report/unsupported", { schema: schemas["report/unsupported"] });
export const reportRouteRequested = eventType("report/route.requested", { schema: schemas["report/route.requested"] });
export const photoUploaded = eventType("report/photo.uploaded", { schema: schemas["report/photo.uploaded"] });
export const updateAdded = eventType("report/update.added", { schema: schemas["report/update.added"] });
export const emailVerificationRequested = eventType("user/email-verification.requested", { schema: schemas["user/email-verification.requested"] });
export const emailVerified = eventType("user/email.verified", { schema: schemas["user/email.verified"] });
export const outboxSweepRequested = eventType("outbox/sweep.requested", { schema: schemas["outbox/sweep.requested"] });
/** Also in its shape before 2026-12-06 (legacyEventSchemas): such events may still be queued. */
export const alertPendingAdded = eventType("alert/pending.added", { schema: schemas["alert/pending.added"].or(legacyEventSchemas["alert/pending.added"]) });
