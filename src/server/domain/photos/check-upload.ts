import "server-only";
import sharp from "sharp";
import { AppError } from "../errors";
import { MAX_PHOTO_PIXELS, PHOTO_FIELD } from "./photo-rules";
import { sniffImageFormat } from "./sniff-image";

const refuse = (message: string) => new AppError("INVALID_INPUT", message, { field: PHOTO_FIELD });

/**
 * What the upload checks before anything is stored: the bytes are a JPEG, PNG or WebP by their own
 * signature, no larger than the pixel limit by their header, and decode to the end (a cut-off
 * upload is refused now, not after the citizen has left). The decode is shrunk on load, so it reads
 * every byte without building the full image. Each refusal names the photo field and says why.
 */
export async function checkUpload(bytes: Buffer): Promise<{ format: "jpeg" | "png" | "webp"; width: number; height: number }> {
  if (bytes.length === 0) throw refuse("Choose a photo to upload.");
  const format = sniffImageFormat(bytes);
  if (format === "heic" || format === "avif") throw refuse("This photo is in HEIC/AVIF format, which CivicLens cannot read: please send it as a JPEG (most phones can share a photo as JPEG).");
  if (format === null) throw refuse("This file is not a photo: send a JPEG, PNG or WebP image.");
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw tooManyPixels();
    throw refuse("This photo could not be read: the file is damaged or not a complete image.");
  }
  if (width * height > MAX_PHOTO_PIXELS || width === 0 || height === 0) throw tooManyPixels();
  try {
    await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: "truncated" }).resize(32, 32, { fit: "inside" }).raw().toBuffer();
  } catch {
    throw refuse("This photo could not be read: the file is damaged or was cut off while sending. Try sending it again.");
  }
  return { format, width, height };
}

function tooManyPixels() {
  return refuse(`This image is too large to process (more than ${MAX_PHOTO_PIXELS / 1_000_000} megapixels): send a smaller photo.`);
}
