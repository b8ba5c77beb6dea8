import "server-only";
import { sql } from "kysely";
import type { DB, Tx } from "../../db/client";
import type { Report } from "../../db/schema";
import { enqueue } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { consumeRateLimits, type RateLimit } from "../rate-limit";
import type { Status } from "@/shared/report-catalog";
import { isClosed } from "./status";

export interface SupportResult {
  reportId: string;
  supportCount: number;
  supported: boolean;
}

/** How many supports and withdrawals one citizen may make in a window: each one is an event and a priority recomputation. */
export interface SupportLimit {
  perUser: number;
  windowSeconds: number;
}

export const SUPPORT_LIMIT: SupportLimit = { perUser: 60, windowSeconds: 600 };

const notFound = () => new AppError("NOT_FOUND", "No report with that id.", { field: "reportId" });

function limitFor(userId: string, l: SupportLimit): RateLimit {
  return { key: `support:user:${userId}`, limit: l.perUser, windowSeconds: l.windowSeconds, message: "You have supported and withdrawn support many times in a short while; try again later." };
}

type SupportTarget = Pick<Report, "id" | "ref" | "reporter_id" | "status" | "support_count">;

/** Who may support a report: not its reporter, and only while it is open. Rejected reports are not public: not found. */
export function supportRefusal(report: Pick<Report, "reporter_id" | "status">, userId: string): AppError | null {
  if (report.status === "rejected") return notFound();
  if (isClosed(report.status as Status)) return new AppError("CONFLICT", "This report is closed; it can no longer be supported.", { field: "reportId" });
  if (report.reporter_id === userId) return new AppError("FORBIDDEN", "You cannot support your own report.", { field: "reportId" });
  return null;
}

/**
 * "This affects me too", in one transaction: the support row (its primary key makes a second or
 * concurrent support by the same citizen no row at all), and only when a row was added the report's
 * count and the `report/supported` event. Supporting twice answers the same count.
 */
export async function supportReport(db: DB, userId: string, reportId: string, limit: SupportLimit = SUPPORT_LIMIT, now = new Date()): Promise<SupportResult> {
  return db.transaction().execute(async (trx) => {
    await consumeRateLimits(trx, [limitFor(userId, limit)], now);
    const report = await target(trx, reportId);
    const refusal = supportRefusal(report, userId);
    if (refusal) throw refusal;

    const added = await trx
      .insertInto("report_supports")
      .values({ report_id: report.id, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(["report_id", "user_id"]).doNothing())
      .returning("report_id")
      .executeTakeFirst();
    if (!added) return { reportId: report.id, supportCount: await currentCount(trx, report.id), supported: true };

    const supportCount = await moveCount(trx, report.id, +1);
    await enqueue(trx, "report/supported", { reportId: report.id, ref: report.ref, reporterId: report.reporter_id, supporterId: userId, supportCount, at: now.toISOString() });
    return { reportId: report.id, supportCount, supported: true };
  });
}

/** Withdraws a support, in one transaction; withdrawing one that is not there changes nothing and sends nothing. */
export async function unsupportReport(db: DB, userId: string, reportId: string, limit: SupportLimit = SUPPORT_LIMIT, now = new Date()): Promise<SupportResult> {
  return db.transaction().execute(async (trx) => {
    await consumeRateLimits(trx, [limitFor(userId, limit)], now);
    const report = await target(trx, reportId);
    if (report.status === "rejected") throw notFound();

    const removed = await trx
      .deleteFrom("report_supports")
      .where("report_id", "=", report.id)
      .where("user_id", "=", userId)
      .returning("report_id")
      .executeTakeFirst();
    if (!removed) return { reportId: report.id, supportCount: await currentCount(trx, report.id), supported: false };

    const supportCount = await moveCount(trx, report.id, -1);
    await enqueue(trx, "report/unsupported", { reportId: report.id, ref: report.ref, reporterId: report.reporter_id, supporterId: userId, supportCount, at: now.toISOString() });
    return { reportId: report.id, supportCount, supported: false };
  });
}

/**
 * The report, its row locked as the count's update would lock it: supports of one report take
 * turns (they would at the update anyway), and a moderator's merge of it as a duplicate either
 * finishes first (then this sees it closed) or waits for this support and moves it.
 */
async function target(trx: Tx, reportId: string): Promise<SupportTarget> {
  const report = await trx
    .selectFrom("reports")
    .select(["id", "ref", "reporter_id", "status", "support_count"])
    .where("id", "=", reportId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!report) throw notFound();
  return report;
}

// Moderators' optimistic version is left alone: a support does not change what they decide on.
async function moveCount(trx: Tx, reportId: string, by: 1 | -1): Promise<number> {
  const row = await trx
    .updateTable("reports")
    .set({ support_count: sql<number>`support_count + ${by}` })
    .where("id", "=", reportId)
    .returning("support_count")
    .executeTakeFirstOrThrow();
  return row.support_count;
}

// Read after the insert or delete: a concurrent support that won the row has committed its count by then.
async function currentCount(trx: Tx, reportId: string): Promise<number> {
  const row = await trx.selectFrom("reports").select("support_count").where("id", "=", reportId).executeTakeFirstOrThrow();
  return row.support_count;
}
