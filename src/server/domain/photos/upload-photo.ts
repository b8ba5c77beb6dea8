import "server-only";
import type { DB, Executor } from "../../db/client";
import type { Report } from "../../db/schema";
import { enqueue } from "../../outbox/enqueue";
import type { ObjectStore } from "../../storage/object-store";
import { newObjectKey } from "../../storage/object-store";
import { AppError } from "../errors";
import { consumeRateLimits, type RateLimit } from "../rate-limit";
import { isClosed } from "../reports/status";
import type { Status } from "@/shared/report-catalog";
import { checkUpload } from "./check-upload";
import { MAX_PHOTOS_PER_REPORT, PHOTO_FIELD } from "./photo-rules";
import { updatePhotoRefusal, type UpdateOfPhoto } from "./update-photo-rules";

/** How many photos one citizen may upload in a window, across reports and updates: each one is stored and processed. */
export interface PhotoLimit {
  perUser: number;
  windowSeconds: number;
}

/** Where a photo goes: the report itself, or one of its updates (`updateId`, ADR 0023). */
export interface PhotoTarget {
  reportId: string;
  updateId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new AppError("NOT_FOUND", "No report with that id.", { field: "reportId" });

function limitFor(userId: string, l: PhotoLimit): RateLimit {
  return { key: `photo:user:${userId}`, limit: l.perUser, windowSeconds: l.windowSeconds, message: "You have uploaded many photos in a short while; try again later." };
}

/** Photos that count against the report's four (or the update's few): all but those processing found unreadable. */
async function photoCount(db: Executor, reportId: string, postId: string | null): Promise<number> {
  const row = await db
    .selectFrom("report_photos")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("report_id", "=", reportId)
    .where("post_id", postId ? "=" : "is", postId)
    .where("status", "<>", "failed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Who may add a photo to the report itself: its reporter, while it is open, up to four photos. */
function reportRefusal(report: Pick<Report, "reporter_id" | "status"> | undefined, userId: string, count: number): AppError | null {
  if (!report || (report.status === "rejected" && report.reporter_id !== userId)) return notFound();
  if (report.reporter_id !== userId) return new AppError("FORBIDDEN", "Only the person who filed this report can add photos to it.", { field: "reportId" });
  if (isClosed(report.status as Status)) return new AppError("CONFLICT", "This report is closed; photos can no longer be added to it.", { field: "reportId" });
  if (count >= MAX_PHOTOS_PER_REPORT) {
    return new AppError("CONFLICT", `This report already has ${MAX_PHOTOS_PER_REPORT} photos, the most one report can carry.`, { field: PHOTO_FIELD });
  }
  return null;
}

/**
 * Why `userId` may not add a photo to `target` now, or null. `lock`: inside the accepting
 * transaction, the report's row is locked (two uploads at once cannot pass the count together) and
 * the update's row share-locked (a moderator's hide waits, or has already happened and is seen).
 */
async function refusalFor(db: Executor, userId: string, target: PhotoTarget, now: Date, lock: boolean): Promise<AppError | null> {
  let reportQuery = db.selectFrom("reports").select(["reporter_id", "status"]).where("id", "=", target.reportId);
  if (lock) reportQuery = reportQuery.forNoKeyUpdate();
  const report = await reportQuery.executeTakeFirst();
  if (target.updateId === undefined) return reportRefusal(report, userId, report ? await photoCount(db, target.reportId, null) : 0);
  let postQuery = db.selectFrom("report_posts").select(["id", "report_id", "author_id", "hidden_at", "created_at"]).where("id", "=", target.updateId);
  if (lock) postQuery = postQuery.forShare();
  const post: UpdateOfPhoto | undefined = await postQuery.executeTakeFirst();
  const count = post ? await photoCount(db, target.reportId, post.id) : 0;
  return updatePhotoRefusal(report ? { ...report, id: target.reportId } : undefined, post, userId, count, now);
}

/**
 * Whether `userId` may add a photo to the report (or its update) now, asked before the upload's
 * body is read, so a refused request costs no bytes and no storage. acceptPhoto asks again under
 * the report's lock. An id that is not one is not found (the report's, a path segment) or a 400
 * naming `updateId` (a parameter).
 */
export async function uploadRefusal(db: Executor, userId: string, target: PhotoTarget, now = new Date()): Promise<AppError | null> {
  if (!UUID.test(target.reportId)) return notFound();
  if (target.updateId !== undefined && !UUID.test(target.updateId)) return new AppError("INVALID_INPUT", "updateId must be the id of an update on this report.", { field: "updateId" });
  return refusalFor(db, userId, target, now, false);
}

/**
 * A photo for a report or one of its updates, accepted: its bytes checked (check-upload.ts), stored
 * as they came in the private quarantine area under a random key, then, in one transaction under
 * the report's row lock (so two uploads at once cannot pass the limit), the caller's right and the
 * room checked again, the rate limit counted, the row written as `processing` with the keys its
 * images will have, and `report/photo.uploaded` written to the outbox. Refused or failed, the stored
 * original is removed: a refusal leaves no object and no row.
 */
export async function acceptPhoto(
  db: DB,
  store: ObjectStore,
  input: PhotoTarget & { userId: string; bytes: Buffer; limit: PhotoLimit; now?: Date },
): Promise<{ id: string; status: "processing" }> {
  const { userId, reportId, bytes, limit } = input;
  const target: PhotoTarget = { reportId, ...(input.updateId !== undefined ? { updateId: input.updateId } : {}) };
  const now = input.now ?? new Date();
  const early = await uploadRefusal(db, userId, target, now);
  if (early) throw early;
  const { format } = await checkUpload(bytes);
  const originalKey = newObjectKey("quarantine");
  await store.put(originalKey, bytes, `image/${format}`);
  try {
    return await db.transaction().execute(async (trx) => {
      const refused = await refusalFor(trx, userId, target, now, true);
      if (refused) throw refused;
      await consumeRateLimits(trx, [limitFor(userId, limit)], now);
      const row = await trx
        .insertInto("report_photos")
        .values({
          report_id: reportId,
          post_id: target.updateId ?? null,
          uploader_id: userId,
          original_key: originalKey,
          display_key: newObjectKey("public", "-display.webp"),
          thumb_key: newObjectKey("public", "-thumb.webp"),
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await enqueue(trx, "report/photo.uploaded", { photoId: row.id, reportId, uploaderId: userId, at: now.toISOString() });
      return { id: row.id, status: "processing" as const };
    });
  } catch (err) {
    await store.delete(originalKey).catch(() => undefined);
    throw err;
  }
}
