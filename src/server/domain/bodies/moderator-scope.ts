import "server-only";
import type { DB, Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { said } from "../server-messages";
import { findReport } from "../reports/report-queries";
import { moderatorBodyIds } from "./body-queries";
import type { SetModeratorBodiesInput } from "./body.schemas";

/**
 * Which reports a member of staff may work: null for everything (admins, and moderators with no
 * bodies assigned, as before bodies existed), else the ids of their bodies.
 */
export async function moderationScope(db: Executor, user: { id: string; role: Role }): Promise<string[] | null> {
  if (user.role === "admin") return null;
  const ids = await moderatorBodyIds(db, user.id);
  return ids.length ? ids : null;
}

/** Whether a report routed to `bodyId` is in the scope (an unrouted report is no limited moderator's). */
export const inScope = (scope: string[] | null, bodyId: string | null) => scope === null || (bodyId !== null && scope.includes(bodyId));

const outOfScope = (field: string) => new AppError("FORBIDDEN", said("bodyOutOfScope"), { field });

/** Refuses (403) a limited moderator's action on another body's reports. Missing reports are left to the action (404). */
export async function assertReportsInScope(db: Executor, user: { id: string; role: Role }, reportIds: string[], field = "reportId") {
  const scope = await moderationScope(db, user);
  if (scope === null || reportIds.length === 0) return;
  const rows = await db.selectFrom("reports").select(["id", "body_id"]).where("id", "in", reportIds).execute();
  if (rows.some((r) => !inScope(scope, r.body_id))) throw outOfScope(field);
}

/** The same for one report named by id or ref (the moderation panel's read). */
export async function assertReportInScope(db: Executor, user: { id: string; role: Role }, idOrRef: string, field = "id") {
  const scope = await moderationScope(db, user);
  if (scope === null) return;
  const report = await findReport(db, idOrRef);
  if (report && !inScope(scope, report.body_id)) throw outOfScope(field);
}

/** The same for a photo, by the report it is on. */
export async function assertPhotoInScope(db: Executor, user: { id: string; role: Role }, photoId: string) {
  const scope = await moderationScope(db, user);
  if (scope === null) return;
  const row = await db.selectFrom("report_photos").innerJoin("reports", "reports.id", "report_photos.report_id").select("reports.body_id").where("report_photos.id", "=", photoId).executeTakeFirst();
  if (row && !inScope(scope, row.body_id)) throw outOfScope("photoId");
}

/** A limited moderator may hide only the updates of their bodies' reports (FORBIDDEN naming updateId otherwise). */
export async function assertUpdateInScope(db: Executor, user: { id: string; role: Role }, updateId: string) {
  const scope = await moderationScope(db, user);
  if (scope === null) return;
  const row = await db.selectFrom("report_posts").innerJoin("reports", "reports.id", "report_posts.report_id").select("reports.body_id").where("report_posts.id", "=", updateId).executeTakeFirst();
  if (row && !inScope(scope, row.body_id)) throw outOfScope("updateId");
}

/** Replaces the bodies a moderator is limited to (none: every report), with its audit row. */
export async function setModeratorBodies(db: DB, actor: { id: string; ip?: string | null; userAgent?: string | null }, input: SetModeratorBodiesInput) {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "role"]).where("id", "=", input.userId).forUpdate().executeTakeFirst();
    if (!user) throw new AppError("NOT_FOUND", said("userNotFound"), { field: "userId" });
    if (input.bodyIds.length) {
      const found = await trx.selectFrom("bodies").select("id").where("id", "in", input.bodyIds).execute();
      if (found.length !== input.bodyIds.length) throw new AppError("INVALID_INPUT", said("bodyNotFound"), { field: "bodyIds" });
    }
    const before = await moderatorBodyIds(trx, user.id);
    await trx.deleteFrom("moderator_bodies").where("user_id", "=", user.id).execute();
    if (input.bodyIds.length) await trx.insertInto("moderator_bodies").values(input.bodyIds.map((body_id) => ({ user_id: user.id, body_id }))).execute();
    await recordAudit(trx, {
      action: "user.bodies_set",
      actorId: actor.id,
      resourceType: "user",
      resourceId: user.id,
      description: input.bodyIds.length ? `Limited to ${input.bodyIds.length} bodies` : "Every body",
      metadata: { from: before, to: input.bodyIds },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { userId: user.id, bodyIds: input.bodyIds };
  });
}

export async function getModeratorBodies(db: Executor, userId: string) {
  return { userId, bodyIds: await moderatorBodyIds(db, userId) };
}
