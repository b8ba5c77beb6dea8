import "server-only";
import { sql } from "kysely";
import type { DB, Executor } from "../db/client";
import { decodeCursor, page } from "./pagination";

export interface Award {
  userId: string;
  points: number;
  reason: string;
  sourceType: string;
  sourceId: string;
  eventId?: string | null;
}

/**
 * Adds a ledger entry and moves the cached users.reputation in the same transaction. The ledger's
 * UNIQUE(user_id, reason, source_id) makes a retried or redelivered award a no-op: returns false.
 */
export async function awardReputation(db: DB, award: Award): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const entry = await trx
      .insertInto("reputation_ledger")
      .values({
        user_id: award.userId,
        points: award.points,
        reason: award.reason,
        source_type: award.sourceType,
        source_id: award.sourceId,
        event_id: award.eventId ?? null,
      })
      .onConflict((oc) => oc.constraint("reputation_ledger_award_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!entry) return false;
    await trx
      .updateTable("users")
      .set({ reputation: sql`reputation + ${award.points}`, updated_at: new Date() })
      .where("id", "=", award.userId)
      .execute();
    return true;
  });
}

/** A user's ledger, newest first, each entry with the report it came from (two queries, no N+1). */
export async function listLedger(db: Executor, userId: string, opts: { cursor?: string; limit: number }) {
  const cursor = decodeCursor(opts.cursor);
  let q = db
    .selectFrom("reputation_ledger")
    .select(["id", "points", "reason", "source_type", "source_id", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit + 1);
  if (cursor) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.at, cursor.id)));
  const { items, nextCursor } = page(await q.execute(), opts.limit);
  const reportIds = [...new Set(items.filter((e) => e.source_type === "report").map((e) => e.source_id))];
  const reports = reportIds.length
    ? await db.selectFrom("reports").select(["id", "ref", "title"]).where("id", "in", reportIds).execute()
    : [];
  const byId = new Map(reports.map((r) => [r.id, r]));
  return {
    items: items.map((e) => ({ ...e, report: e.source_type === "report" ? (byId.get(e.source_id) ?? null) : null })),
    nextCursor,
  };
}
