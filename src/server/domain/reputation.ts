import "server-only";
import { sql } from "kysely";
import type { ContractEvent } from "@/shared/events";
import type { DB, Executor } from "../db/client";
import { decodeCursor, page } from "./pagination";

export const REPORT_FILED_POINTS = 5;
export const REPORT_ACKNOWLEDGED_POINTS = 10;

/**
 * Statuses that mean "the city accepted this as a real problem". A report may skip acknowledged
 * (under_review -> in_progress); it still earns the award once, under the same ledger reason.
 */
const ACCEPTED: ReadonlySet<string> = new Set(["acknowledged", "in_progress", "resolved"]);

export type ReportAwardReason = "report_filed" | "report_acknowledged" | "report_rejected_spam";
export type ReportAward = Award & { reason: ReportAwardReason };

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

/**
 * What a report event earns or costs its reporter, or null. +5 for filing; +10 the first time a
 * report is accepted; a report rejected as spam takes the +5 back with a -5 entry. Other rejections
 * and duplicates neither earn nor cost anything: the reporter acted in good faith. Each award is
 * once per report by its ledger reason (awardReputation), so +5 and -5 each happen once and the sum
 * is right in either order: the reversal does not wait for the filing award.
 */
export function reportAwardFor(event: ContractEvent<"report/created" | "report/status.changed">): ReportAward | null {
  const award = (reason: ReportAwardReason, points: number): ReportAward => ({
    userId: event.data.reporterId,
    points,
    reason,
    sourceType: "report",
    sourceId: event.data.reportId,
    eventId: event.id,
  });
  if (event.name === "report/created") return award("report_filed", REPORT_FILED_POINTS);
  const { to, rejectReason } = event.data;
  if (ACCEPTED.has(to)) return award("report_acknowledged", REPORT_ACKNOWLEDGED_POINTS);
  if (to === "rejected" && rejectReason === "spam") return award("report_rejected_spam", -REPORT_FILED_POINTS);
  return null;
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
