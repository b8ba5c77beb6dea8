import "server-only";
import type { DB } from "../../db/client";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { said } from "../server-messages";
import type { HideUpdateInput } from "./update.schemas";

export interface HideActor {
  id: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * A moderator hides an update, with a reason, audited in the same transaction: from the commit on
 * it is in no public view and no notice not yet sent (notify-update-followers reads visible updates
 * only). Hiding a hidden update changes nothing and records nothing.
 */
export async function hideUpdate(db: DB, actor: HideActor, input: HideUpdateInput) {
  return db.transaction().execute(async (trx) => {
    const post = await trx.selectFrom("report_posts").select(["id", "report_id", "kind", "hidden_at"]).where("id", "=", input.updateId).forUpdate().executeTakeFirst();
    if (!post) throw new AppError("NOT_FOUND", said("updateNotFound"), { field: "updateId" });
    if (post.hidden_at) return { updateId: post.id, reportId: post.report_id, hidden: true, changed: false };
    await trx.updateTable("report_posts").set({ hidden_at: new Date(), hidden_by: actor.id, hidden_reason: input.reason }).where("id", "=", post.id).execute();
    await recordAudit(trx, {
      action: "update.hidden",
      actorId: actor.id,
      resourceType: "report_update",
      resourceId: post.id,
      description: `Hid an update: ${input.reason}`,
      metadata: { reportId: post.report_id, kind: post.kind, reason: input.reason },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { updateId: post.id, reportId: post.report_id, hidden: true, changed: true };
  });
}
