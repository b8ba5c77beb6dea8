import "server-only";
import type { DB, Tx } from "../../db/client";
import { logger } from "../../logging/logger";
import type { ObjectStore } from "../../storage/object-store";
import { type AuditEntry, recordAudit } from "../audit";
import type { AppError } from "../errors";
import { removePublicImages } from "./process-photo";

export interface HideActor {
  id: string;
  ip: string | null;
  userAgent: string | null;
}

/** A photo a hide took out of view, whose public images go once the hide has committed. */
export interface HiddenPhoto {
  id: string;
  status: string;
  display_key: string | null;
  thumb_key: string | null;
}

/**
 * Hides photos that are not hidden yet, with who and why: `photoId`, one photo; `postId`, every
 * photo of an update. Returns the photos it hid. A photo still processing stays hidden when
 * processing ends (process-photo.ts markPhotoReady removes what it rendered).
 */
export async function markPhotosHidden(trx: Tx, which: { photoId: string } | { postId: string }, actor: HideActor, reason: string, now: Date): Promise<HiddenPhoto[]> {
  const before = await trx
    .selectFrom("report_photos")
    .select(["id", "status", "display_key", "thumb_key"])
    .where("photoId" in which ? "id" : "post_id", "=", "photoId" in which ? which.photoId : which.postId)
    .where("status", "<>", "hidden")
    .orderBy("id")
    .forUpdate()
    .execute();
  if (before.length === 0) return [];
  await trx
    .updateTable("report_photos")
    .set({ status: "hidden", hidden_reason: reason, hidden_by: actor.id, hidden_at: now, updated_at: now })
    .where("id", "in", before.map((p) => p.id))
    .execute();
  return before;
}

/**
 * The audited hide that a moderator's hide of a photo and of an update share: in one transaction
 * the row is locked (`lock`), refused when missing, left alone when already hidden (nothing
 * changes, nothing is recorded), marked hidden (`hide`, which returns the photos it hid) and
 * audited as the transaction's last statement (audit.ts: the chain's lock is held until commit).
 * After the commit the hidden photos' public images are deleted, so a URL someone kept stops
 * working; a store out of reach leaves them unlisted (the rows already keep them out of every
 * view) and is logged.
 */
export async function hideAudited<T extends { id: string; report_id: string }>(
  db: DB,
  store: ObjectStore,
  actor: HideActor,
  spec: {
    lock: (trx: Tx) => Promise<T | undefined>;
    notFound: () => AppError;
    isHidden: (row: T) => boolean;
    hide: (trx: Tx, row: T, now: Date) => Promise<HiddenPhoto[]>;
    audit: (row: T, photos: HiddenPhoto[]) => Pick<AuditEntry, "action" | "resourceType" | "description" | "metadata">;
  },
): Promise<{ row: T; changed: boolean; photos: HiddenPhoto[] }> {
  const done = await db.transaction().execute(async (trx) => {
    const row = await spec.lock(trx);
    if (!row) throw spec.notFound();
    if (spec.isHidden(row)) return { row, changed: false, photos: [] as HiddenPhoto[] };
    const photos = await spec.hide(trx, row, new Date());
    await recordAudit(trx, { ...spec.audit(row, photos), actorId: actor.id, resourceId: row.id, ip: actor.ip, userAgent: actor.userAgent });
    return { row, changed: true, photos };
  });
  for (const photo of done.photos) {
    await removePublicImages(store, photo).catch((err: unknown) =>
      logger.warn({ err }, `[photos] a hidden photo's images could not be deleted: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  return done;
}
