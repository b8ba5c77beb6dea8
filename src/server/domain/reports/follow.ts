import "server-only";
import type { DB, Executor } from "../../db/client";
import type { Report } from "../../db/schema";
import { AppError } from "../errors";
import type { Status } from "@/shared/report-catalog";
import { isClosed } from "./status";
import { readUnfollowToken } from "./unfollow-token";
import { said } from "../server-messages";

export interface FollowResult {
  reportId: string;
  following: boolean;
}

const notFound = () => new AppError("NOT_FOUND", said("reportNotFound"), { field: "reportId" });

async function findTarget(db: Executor, reportId: string): Promise<Pick<Report, "id" | "ref" | "title" | "reporter_id" | "status" | "reporter_unfollowed">> {
  const report = await db.selectFrom("reports").select(["id", "ref", "title", "reporter_id", "status", "reporter_unfollowed"]).where("id", "=", reportId).executeTakeFirst();
  // Rejected reports are not public: to anyone but their reporter they do not exist.
  if (!report) throw notFound();
  return report;
}

/**
 * Follows a report to hear of its status changes. The reporter follows their own report without a
 * row (filing writes nothing more); after unfollowing it, following again is how they come back.
 * Following twice is refused (CONFLICT naming reportId), as is following a closed report: nothing
 * more will happen to it.
 */
export async function followReport(db: DB, userId: string, reportId: string): Promise<FollowResult> {
  const report = await findTarget(db, reportId);
  const isReporter = report.reporter_id === userId;
  if (report.status === "rejected" && !isReporter) throw notFound();
  if (isClosed(report.status as Status)) throw new AppError("CONFLICT", said("followClosed"), { field: "reportId" });

  if (isReporter) {
    const res = await db.updateTable("reports").set({ reporter_unfollowed: false }).where("id", "=", report.id).where("reporter_unfollowed", "=", true).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError("CONFLICT", said("followOwn"), { field: "reportId" });
    return { reportId: report.id, following: true };
  }
  const added = await db
    .insertInto("report_follows")
    .values({ report_id: report.id, user_id: userId })
    .onConflict((oc) => oc.columns(["report_id", "user_id"]).doNothing())
    .returning("report_id")
    .executeTakeFirst();
  if (!added) throw new AppError("CONFLICT", said("followAlready"), { field: "reportId" });
  return { reportId: report.id, following: true };
}

/**
 * Stops following. Harmless for a report not followed. The reporter stops hearing of their own
 * report's status changes (reporter_unfollowed) until they follow it again.
 */
export async function unfollowReport(db: DB, userId: string, reportId: string): Promise<FollowResult> {
  const report = await findTarget(db, reportId);
  const isReporter = report.reporter_id === userId;
  if (report.status === "rejected" && !isReporter) throw notFound();
  await stopFollowing(db, report.id, userId, isReporter);
  return { reportId: report.id, following: false };
}

async function stopFollowing(db: DB, reportId: string, userId: string, isReporter: boolean) {
  if (isReporter) await db.updateTable("reports").set({ reporter_unfollowed: true }).where("id", "=", reportId).execute();
  else await db.deleteFrom("report_follows").where("report_id", "=", reportId).where("user_id", "=", userId).execute();
}

const badToken = () => new AppError("INVALID_INPUT", said("unfollowLinkInvalid"), { field: "token" });

/** What an unfollow link will do, for its page: the report it names, or the refusal of a bad link. */
export async function describeUnfollowLink(db: Executor, secret: string, token: string) {
  const named = readUnfollowToken(secret, token);
  if (!named) throw badToken();
  const report = await db.selectFrom("reports").select(["ref", "title"]).where("id", "=", named.reportId).executeTakeFirst();
  if (!report) throw badToken();
  return report;
}

/** Unfollow from the link in a message, without signing in: the signed token is the credential. */
export async function unfollowByToken(db: DB, secret: string, token: string): Promise<FollowResult & { ref: string }> {
  const named = readUnfollowToken(secret, token);
  if (!named) throw badToken();
  const report = await db.selectFrom("reports").select(["ref", "reporter_id"]).where("id", "=", named.reportId).executeTakeFirst();
  if (!report) throw badToken();
  await stopFollowing(db, named.reportId, named.userId, report.reporter_id === named.userId);
  return { reportId: named.reportId, following: false, ref: report.ref };
}
