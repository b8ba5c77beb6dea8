import "server-only";
import { type InsertQueryBuilder, type Kysely, sql } from "kysely";
import type { Executor } from "../db/client";
import type { Database } from "../db/schema";
import { AppError, type Said } from "./errors";

export interface RateLimit {
  /** What is limited, e.g. "otp:phone:+919876543210". */
  key: string;
  limit: number;
  windowSeconds: number;
  /** How to say it to a person. */
  message: Said;
}

/**
 * The hit of one request against one limit, as a single statement (a sliding window over the hit
 * times kept in the key's row). It returns the key when the hit is within the limit and was
 * recorded, and no row when the window is full (then nothing is recorded).
 *
 * Race-free without a lock of our own: ON CONFLICT locks the key's row and evaluates the update
 * against its latest committed version, so concurrent requests for one key count one after the other.
 * Because it is one statement, it can head a larger statement (submitReport) as a CTE.
 */
export function rateLimitHit(db: Kysely<Database>, l: RateLimit, now: Date): InsertQueryBuilder<Database, "rate_limit_windows", { key: string }> {
  return rateLimitHitOf(db, { key: l.key, limit: l.limit, now, since: windowStart(l, now) });
}

/** The values a hit needs, each passed to SQL as it is (so compileOnce can stand in for them). */
export interface RateLimitHitValues {
  key: string;
  limit: number;
  now: Date;
  /** Hits at or before this instant have left the window: windowStart(limit, now). */
  since: Date;
}

export function windowStart(l: Pick<RateLimit, "windowSeconds">, now: Date): Date {
  return new Date(now.getTime() - l.windowSeconds * 1000);
}

export function rateLimitHitOf(db: Kysely<Database>, v: RateLimitHitValues): InsertQueryBuilder<Database, "rate_limit_windows", { key: string }> {
  const live = sql`array(select h from unnest(rate_limit_windows.hits) as h where h > ${v.since}::timestamptz order by h)`;
  return db
    .insertInto("rate_limit_windows")
    .values({ key: v.key, hits: sql`array[${v.now}::timestamptz]`, updated_at: v.now })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({ hits: sql`${live} || ${v.now}::timestamptz`, updated_at: v.now })
        .where(sql<boolean>`cardinality(${live}) < ${v.limit}`),
    )
    .returning("rate_limit_windows.key");
}

/** The refusal for a full window: when its oldest hit leaves it, the client may come back. */
export async function rateLimitRefusal(db: Executor, l: RateLimit, now: Date): Promise<AppError> {
  const since = windowStart(l, now);
  const row = await db
    .selectFrom("rate_limit_windows")
    .select(sql<Date | string | null>`(select min(h) from unnest(hits) as h where h > ${since}::timestamptz)`.as("oldest"))
    .where("key", "=", l.key)
    .executeTakeFirst();
  const oldest = row?.oldest ? new Date(row.oldest) : now;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + l.windowSeconds * 1000 - now.getTime()) / 1000));
  return new AppError("RATE_LIMITED", l.message, { retryAfterSeconds });
}

/**
 * Counts this request against each limit, or throws RATE_LIMITED (naming the first full one) with
 * the seconds until its oldest hit leaves the window. One statement for all limits.
 * Runs inside the caller's transaction: a request that fails later is not counted, and a refused
 * request must let its transaction roll back (letting the error out does), since the hits it made
 * against its other limits are recorded by then.
 */
export async function consumeRateLimits(trx: Executor, limits: RateLimit[], now = new Date()): Promise<void> {
  if (limits.length === 0) return;
  // Rows are locked in key order in every request, so two requests sharing keys cannot deadlock.
  const ordered = [...limits].sort((a, b) => a.key.localeCompare(b.key));
  const db = trx as Kysely<Database>;
  const hits = ordered.map((l, i) => sql`${sql.id(`hit${i}`)} as (${rateLimitHit(db, l, now)})`);
  const keys = ordered.map((_, i) => sql`select key from ${sql.id(`hit${i}`)}`);
  const { rows } = await sql<{ key: string }>`with ${sql.join(hits)} ${sql.join(keys, sql` union all `)}`.execute(trx);
  const recorded = new Set(rows.map((r) => r.key));
  const full = ordered.find((l) => !recorded.has(l.key));
  if (full) throw await rateLimitRefusal(trx, full, now);
}
