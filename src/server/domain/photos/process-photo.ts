import "server-only";
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Executor } from "../../db/client";
import type { ObjectStore } from "../../storage/object-store";
import { DISPLAY_SIZE, MAX_PHOTO_PIXELS, THUMB_SIZE, UNREADABLE_PHOTO } from "./photo-rules";
import { sniffImageFormat } from "./sniff-image";

// libvips keeps decoded images in a cache of its own; each photo is decoded once, so it only holds memory.
sharp.cache(false);

export type RenderOutcome =
  | { outcome: "rendered"; width: number; height: number; bytes: number; sha256: string }
  /** Already processed, hidden or failed (a retry, a redelivered event): nothing to do. */
  | { outcome: "skipped"; status: string }
  | { outcome: "unreadable" };

function photoRow(db: Executor, photoId: string) {
  return db.selectFrom("report_photos").select(["id", "status", "original_key", "display_key", "thumb_key"]).where("id", "=", photoId).executeTakeFirst();
}

/** The pipeline both images share: decoded under the pixel limit, turned upright, no metadata kept (sharp writes none unless asked). */
function upright(original: Buffer) {
  return sharp(original, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: "error" }).rotate();
}

async function encode(original: Buffer, size: number, quality: number) {
  return upright(original)
    .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .webp({ quality })
    .toBuffer({ resolveWithObject: true });
}

/**
 * The display image and thumbnail of an original, or null when its bytes are not a JPEG, PNG or
 * WebP that decodes (checked from the bytes, never the name or the Content-Type).
 */
export async function renderImages(original: Buffer) {
  const format = sniffImageFormat(original);
  if (format !== "jpeg" && format !== "png" && format !== "webp") return null;
  try {
    const display = await encode(original, DISPLAY_SIZE, 80);
    // From the display image (upright, without metadata already): the original is decoded once.
    const thumb = await encode(display.data, THUMB_SIZE, 70);
    return { display, thumb };
  } catch {
    return null;
  }
}

/**
 * Makes a processing photo's public images from its quarantined original: the format checked from
 * the bytes again (never the name or the Content-Type), decoded under the pixel limit, turned upright
 * by its EXIF orientation, every piece of metadata left behind (EXIF, GPS, XMP, IPTC, ICC), then a
 * display image and a thumbnail written as WebP at the keys the upload chose (so a retry overwrites
 * them rather than leaving copies). Bytes that do not decode are `unreadable`, which no retry changes.
 */
export async function renderPhoto(db: Executor, store: ObjectStore, photoId: string): Promise<RenderOutcome> {
  const photo = await photoRow(db, photoId);
  if (!photo) return { outcome: "skipped", status: "missing" };
  if (photo.status !== "processing" || !photo.original_key || !photo.display_key || !photo.thumb_key) return { outcome: "skipped", status: photo.status };
  const original = await store.get(photo.original_key);
  if (!original) return { outcome: "unreadable" };
  const images = await renderImages(original);
  if (!images) return { outcome: "unreadable" };
  const { display, thumb } = images;
  await store.put(photo.display_key, display.data, "image/webp");
  await store.put(photo.thumb_key, thumb.data, "image/webp");
  return {
    outcome: "rendered",
    width: display.info.width,
    height: display.info.height,
    bytes: display.data.length,
    sha256: createHash("sha256").update(display.data).digest("hex"),
  };
}

/**
 * Publishes the rendered images: the row becomes `ready` with their size and hash, only from
 * `processing` (a second run changes nothing). A photo a moderator hid meanwhile stays hidden, and
 * the images just written are removed, so nothing hidden is ever served.
 */
export async function markPhotoReady(db: Executor, store: ObjectStore, photoId: string, r: { width: number; height: number; bytes: number; sha256: string }) {
  const updated = await db
    .updateTable("report_photos")
    .set({ status: "ready", width: r.width, height: r.height, bytes: r.bytes, sha256: r.sha256, updated_at: new Date() })
    .where("id", "=", photoId)
    .where("status", "=", "processing")
    .returning("id")
    .executeTakeFirst();
  if (updated) return { status: "ready" as const };
  const photo = await photoRow(db, photoId);
  if (photo?.status === "hidden") await removePublicImages(store, photo);
  return { status: photo?.status ?? "missing" };
}

/** A file that is not a photo: `failed`, with the words its uploader is shown, and its original removed. */
export async function markPhotoFailed(db: Executor, store: ObjectStore, photoId: string) {
  await db
    .updateTable("report_photos")
    .set({ status: "failed", failure_reason: UNREADABLE_PHOTO, updated_at: new Date() })
    .where("id", "=", photoId)
    .where("status", "=", "processing")
    .execute();
  return deleteOriginal(db, store, photoId);
}

/** The quarantined original, once processing is done with it: removed from the store, then its key forgotten (both safe to repeat). */
export async function deleteOriginal(db: Executor, store: ObjectStore, photoId: string) {
  const photo = await photoRow(db, photoId);
  if (!photo?.original_key || photo.status === "processing") return { deleted: false };
  await store.delete(photo.original_key);
  await db.updateTable("report_photos").set({ original_key: null, updated_at: new Date() }).where("id", "=", photoId).execute();
  return { deleted: true };
}

/** The public images of a photo, removed from the store (a hidden photo's; safe to repeat). */
export async function removePublicImages(store: ObjectStore, photo: { display_key: string | null; thumb_key: string | null }) {
  for (const key of [photo.display_key, photo.thumb_key]) if (key) await store.delete(key);
}
