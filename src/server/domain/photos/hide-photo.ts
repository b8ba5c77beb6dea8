import "server-only";
import type { DB } from "../../db/client";
import type { ObjectStore } from "../../storage/object-store";
import { AppError } from "../errors";
import { hideAudited, markPhotosHidden, type HideActor } from "./hide-audited";
import type { HidePhotoInput } from "./photo.schemas";

export type { HideActor } from "./hide-audited";

/**
 * A moderator hides a photo (a reason is required, and audited with the change, in one
 * transaction; hide-audited.ts): from the commit on, no report view lists it, and its public images
 * are deleted from the store so their URLs answer 404. Hiding a hidden photo changes nothing.
 */
export async function hidePhoto(db: DB, store: ObjectStore, actor: HideActor, input: HidePhotoInput) {
  const { row, changed } = await hideAudited(db, store, actor, {
    lock: (trx) => trx.selectFrom("report_photos").select(["id", "report_id", "post_id", "status"]).where("id", "=", input.photoId).forUpdate().executeTakeFirst(),
    notFound: () => new AppError("NOT_FOUND", "No photo with that id.", { field: "photoId" }),
    isHidden: (photo) => photo.status === "hidden",
    hide: (trx, photo, now) => markPhotosHidden(trx, { photoId: photo.id }, actor, input.reason, now),
    audit: (photo) => ({
      action: "photo.hidden",
      resourceType: "report_photo",
      description: `Hid a photo: ${input.reason}`,
      metadata: { reportId: photo.report_id, ...(photo.post_id ? { updateId: photo.post_id } : {}), from: photo.status, reason: input.reason },
    }),
  });
  return { photoId: row.id, reportId: row.report_id, status: "hidden" as const, changed };
}
