import "server-only";
import type { Executor } from "../db/client";
import { purgeRevokedSessions } from "./sessions";

/**
 * Deletes what has no use any more: codes a day past expiry, rate-limit keys with no hit for a day
 * (longer than any window), outbox rows sent a week ago, and signed-out sessions whose cookies have expired. processed_events markers are kept: they are what makes
 * a late redelivery a no-op.
 */
export async function cleanupExpired(db: Executor, now = new Date()) {
  const day = 24 * 3600 * 1000;
  const before = (ms: number) => new Date(now.getTime() - ms);
  const otp = await db.deleteFrom("otp_codes").where("expires_at", "<", before(day)).executeTakeFirst();
  const limits = await db.deleteFrom("rate_limit_windows").where("updated_at", "<", before(day)).executeTakeFirst();
  const outbox = await db.deleteFrom("event_outbox").where("sent_at", "<", before(7 * day)).executeTakeFirst();
  const revokedSessions = await purgeRevokedSessions(db, now);
  return {
    otpCodes: Number(otp.numDeletedRows),
    revokedSessions,
    rateLimitKeys: Number(limits.numDeletedRows),
    outboxRows: Number(outbox.numDeletedRows),
  };
}
