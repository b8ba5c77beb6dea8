import "server-only";
import type { DB } from "../../db/client";
import { enqueue } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { said } from "../server-messages";
import { consumeRateLimits } from "../rate-limit";
import type { Status } from "@/shared/report-catalog";
import { authorRoleOf, effectOf, isStaff, postRefusal, type Poster, UPDATE_LIMIT, type UpdateLimit } from "./update-rules";
import type { AddUpdateInput } from "./update.schemas";

const notFound = () => new AppError("NOT_FOUND", said("reportIdOrRefNotFound"), { field: "reportId" });

/**
 * Posts an update on a report: the report is read and share-locked (a moderator's change waits, so
 * the update's effect is decided on the status it is shown against), the citizen's rate limit is
 * counted, the row and its `report/update.added` event are written in one transaction. Rejected
 * reports exist only for their reporter and staff; to anyone else they are not found.
 */
export async function addUpdate(db: DB, poster: Poster, input: AddUpdateInput, limit: UpdateLimit = UPDATE_LIMIT, now = new Date()) {
  const byRef = input.reportId.toUpperCase().startsWith("CL-");
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select(["id", "ref", "status", "reporter_id"])
      .where(byRef ? "ref" : "id", "=", byRef ? input.reportId.toUpperCase() : input.reportId)
      .forShare()
      .executeTakeFirst();
    if (!report) throw notFound();
    const target = { status: report.status as Status, reporter_id: report.reporter_id };
    if (target.status === "rejected" && report.reporter_id !== poster.id && !isStaff(poster.role)) throw notFound();
    const refusal = postRefusal(target, poster, input.kind);
    if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
    if (!isStaff(poster.role)) {
      await consumeRateLimits(trx, [{ key: `update:user:${poster.id}`, limit: limit.perUser, windowSeconds: limit.windowSeconds, message: said("tooManyUpdates") }], now);
    }
    const post = await trx
      .insertInto("report_posts")
      .values({
        report_id: report.id,
        author_id: poster.id,
        author_role: authorRoleOf(target, poster),
        kind: input.kind,
        text: input.text ?? null,
        effect: effectOf(target, poster, input.kind),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueue(trx, "report/update.added", { updateId: post.id, reportId: report.id, ref: report.ref, authorId: poster.id, kind: post.kind, at: now.toISOString() });
    return { id: post.id, reportId: report.id, kind: post.kind, authorRole: post.author_role, text: post.text, effect: post.effect, createdAt: post.created_at };
  });
}
