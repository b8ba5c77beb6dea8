import "server-only";
import type { DB } from "../../db/client";
import type { ObjectStore } from "../../storage/object-store";
import { AppError } from "../errors";
import { hideAudited, markPhotosHidden, type HideActor } from "../photos/hide-audited";
import { said } from "../server-messages";
import type { HideUpdateInput } from "./update.schemas";

export type { HideActor } from "../photos/hide-audited";

/**
 * A moderator hides an update, with a reason, audited in the same transaction (hide-audited.ts):
 * from the commit on it is in no public view and no notice not yet sent (notify-update-followers
 * reads visible updates only). Its photos are hidden with it, in the same transaction, and their
 * public images deleted after it. Hiding a hidden update changes nothing and records nothing.
 */
export async function hideUpdate(db: DB, store: ObjectStore, actor: HideActor, input: HideUpdateInput) {
  const { row, changed, photos } = await hideAudited(db, store, actor, {
    lock: (trx) => trx.selectFrom("report_posts").select(["id", "report_id", "kind", "hidden_at"]).where("id", "=", input.updateId).forUpdate().executeTakeFirst(),
    notFound: () => new AppError("NOT_FOUND", said("updateNotFound"), { field: "updateId" }),
    isHidden: (post) => post.hidden_at !== null,
    hide: async (trx, post, now) => {
      await trx.updateTable("report_posts").set({ hidden_at: now, hidden_by: actor.id, hidden_reason: input.reason }).where("id", "=", post.id).execute();
      return markPhotosHidden(trx, { postId: post.id }, actor, input.reason, now);
    },
    audit: (post, hidden) => ({
      action: "update.hidden",
      resourceType: "report_update",
      description: `Hid an update: ${input.reason}`,
      metadata: { reportId: post.report_id, kind: post.kind, reason: input.reason, ...(hidden.length > 0 ? { photoIds: hidden.map((p) => p.id) } : {}) },
    }),
  });
  return { updateId: row.id, reportId: row.report_id, hidden: true, changed, photosHidden: photos.length };
}
