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
 * Runs inside the caller's transaction: a request that fails later is not counted, and the
 * advisory lock makes concurrent requests for one key count one after the other.
 */
export async function consumeRateLimits(trx: Tx, limits: RateLimit[], now = new Date()): Promise<void> {
  const ordered = [...limits].sort((a, b) => a.key.localeCompare(b.key)); // fixed lock order: no deadlocks
  for (const l of ordered) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${l.key}, 0))`.execute(trx);
    const since = new Date(now.getTime() - l.windowSeconds * 1000);
    const hits = await trx
      .selectFrom("rate_limit_hits")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
      .where("key", "=", l.key)
      .where("created_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(hits.n) >= l.limit) {
      const oldest = hits.oldest ? new Date(hits.oldest as unknown as string) : now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + l.windowSeconds * 1000 - now.getTime()) / 1000));
      throw new AppError("RATE_LIMITED", l.message, { retryAfterSeconds });
    }
  }
  await trx
    .insertInto("rate_limit_hits")
    .values(ordered.map((l) => ({ key: l.key, created_at: now })))
    .execute();
}
