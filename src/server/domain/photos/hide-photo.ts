import "server-only";
import type { DB } from "../../db/client";
import { logger } from "../../logging/logger";
import type { ObjectStore } from "../../storage/object-store";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import type { HidePhotoInput } from "./photo.schemas";
import { removePublicImages } from "./process-photo";

export interface HideActor {
  id: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * A moderator hides a photo (a reason is required, and audited with the change, in one
 * transaction): from the commit on, no report view lists it, and its public images are deleted from
 * the store so their URLs answer 404. A photo still processing stays hidden when processing ends
 * (process-photo.ts markPhotoReady). Hiding a hidden photo changes nothing.
 */
export async function hidePhoto(db: DB, store: ObjectStore, actor: HideActor, input: HidePhotoInput) {
  const hidden = await db.transaction().execute(async (trx) => {
    const photo = await trx.selectFrom("report_photos").select(["id", "report_id", "status", "display_key", "thumb_key"]).where("id", "=", input.photoId).forUpdate().executeTakeFirst();
    if (!photo) throw new AppError("NOT_FOUND", "No photo with that id.", { field: "photoId" });
    if (photo.status === "hidden") return { photo, changed: false };
    const now = new Date();
    await trx
      .updateTable("report_photos")
      .set({ status: "hidden", hidden_reason: input.reason, hidden_by: actor.id, hidden_at: now, updated_at: now })
      .where("id", "=", photo.id)
      .execute();
    await recordAudit(trx, {
      action: "photo.hidden",
      actorId: actor.id,
      resourceType: "report_photo",
      resourceId: photo.id,
      description: `Hid a photo: ${input.reason}`,
      metadata: { reportId: photo.report_id, from: photo.status, reason: input.reason },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { photo, changed: true };
  });
  // After the commit: the row already keeps it out of every view; the images go too, so a URL
  // someone kept stops working. A store out of reach leaves them unlisted, and is logged.
  await removePublicImages(store, hidden.photo).catch((err: unknown) =>
    logger.warn({ err }, `[photos] a hidden photo's images could not be deleted: ${err instanceof Error ? err.message : String(err)}`),
  );
  return { photoId: hidden.photo.id, reportId: hidden.photo.report_id, status: "hidden" as const, changed: hidden.changed };
}
