import "server-only";
import { sql } from "kysely";
import type { Executor } from "../db/client";
import type { OutboxRow } from "../db/schema";

/**
 * Claims up to `limit` pending rows for one relay pass. The claim is a lease (locked_until), taken
 * with FOR UPDATE SKIP LOCKED and committed at once, so concurrent relays (other requests, other
 * instances, the sweep) never send the same row at the same time, and no lock is held while the
 * relay talks to Inngest. A relay that dies mid-pass leaves a lease that simply runs out.
 */
export async function claimPendingEvents(db: Executor, limit: number, leaseSeconds = 30, now = new Date()): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  return db
    .updateTable("event_outbox")
    .set({ locked_until: leaseUntil, attempts: sql`attempts + 1`, last_attempt_at: now })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("event_outbox")
        .select("id")
        .where("sent_at", "is", null)
        .where((w) => w.or([w("locked_until", "is", null), w("locked_until", "<", now)]))
        .orderBy("seq")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute()
    .then((rows) => rows.sort((a, b) => a.seq - b.seq));
}

export async function markEventsSent(db: Executor, ids: string[], now = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("event_outbox").set({ sent_at: now, locked_until: null, last_error: null }).where("id", "in", ids).execute();
}

/**
 * Leaves rows pending with the error; the lease is shortened to a backoff so the next passes do not
 * hammer an Inngest that is down (2^attempts seconds, at most a minute).
 */
export async function markEventsFailed(db: Executor, rows: Pick<OutboxRow, "id" | "attempts">[], error: string, now = new Date()) {
  for (const row of rows) {
    const backoffMs = Math.min(60, 2 ** Math.min(row.attempts, 6)) * 1000;
    await db
      .updateTable("event_outbox")
      .set({ last_error: error.slice(0, 1000), locked_until: new Date(now.getTime() + backoffMs) })
      .where("id", "=", row.id)
      .execute();
  }
}

export interface OutboxStats {
  pending: number;
  oldestPendingAgeSeconds: number | null;
  failing: number;
  lastError: string | null;
  lastSentAt: Date | null;
}

export async function getOutboxStats(db: Executor, now = new Date()): Promise<OutboxStats> {
  const pending = await db
    .selectFrom("event_outbox")
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.min("created_at").as("oldest"),
      eb.fn.count<number>("last_error").as("failing"),
    ])
    .where("sent_at", "is", null)
    .executeTakeFirstOrThrow();
  const lastError = await db
    .selectFrom("event_outbox")
    .select("last_error")
    .where("sent_at", "is", null)
    .where("last_error", "is not", null)
    .orderBy("last_attempt_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const lastSent = await db.selectFrom("event_outbox").select((eb) => eb.fn.max("sent_at").as("at")).executeTakeFirst();
  const oldest = pending.oldest ? new Date(pending.oldest as unknown as string) : null;
  return {
    pending: Number(pending.n),
    oldestPendingAgeSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
    failing: Number(pending.failing),
    lastError: lastError?.last_error ?? null,
    lastSentAt: lastSent?.at ? new Date(lastSent.at as unknown as string) : null,
  };
}
