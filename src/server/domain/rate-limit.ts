import { sql } from "kysely";
import type { Tx } from "../db/client";
import { AppError } from "./errors";

export interface RateLimit {
  /** What is limited, e.g. "otp:phone:+919876543210". */
  key: string;
  limit: number;
  windowSeconds: number;
  /** How to say it to a person. */
  message: string;
}

/**
 * Counts this request against each limit (a sliding window over a log of hits) or throws
 * RATE_LIMITED with the seconds until the oldest counted hit leaves the window.
 * Runs inside the caller's transaction: a request that fails later is not counted, and advisory
 * locks make concurrent requests for one key count one after the other.
 * Two round trips whatever the number of limits: one takes the locks, one counts and logs the hit
 * (so after RATE_LIMITED the caller must let its transaction roll back, as letting the error out does).
 */
export async function consumeRateLimits(trx: Tx, limits: RateLimit[], now = new Date()): Promise<void> {
  if (limits.length === 0) return;
  const ordered = [...limits].sort((a, b) => a.key.localeCompare(b.key)); // fixed lock order: no deadlocks
  const keys = ordered.map((l) => l.key);
  // unnest yields the keys in array order, so the locks are taken in that order.
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as k`.execute(trx);
  // The count's snapshot is taken with the statement, so it sees every hit committed before the
  // locks were granted and not this request's own, which the same statement logs.
  const counted = await trx
    .with("logged", (db) => db.insertInto("rate_limit_hits").values(keys.map((key) => ({ key, created_at: now }))))
    .selectFrom("rate_limit_hits")
    .select((eb) => ["key", eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where((eb) =>
      eb.or(ordered.map((l) => eb.and([eb("key", "=", l.key), eb("created_at", ">", new Date(now.getTime() - l.windowSeconds * 1000))]))),
    )
    .groupBy("key")
    .execute();
  for (const l of ordered) {
    const hits = counted.find((c) => c.key === l.key);
    if (!hits || Number(hits.n) < l.limit) continue;
    const oldest = hits.oldest ? new Date(hits.oldest as unknown as string) : now;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + l.windowSeconds * 1000 - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", l.message, { retryAfterSeconds });
  }
}
