/**
 * The long side a large JPEG is brought down to in the browser before upload: above the 1600 px
 * display image process-photo renders (so that stays sharp), far below a phone camera's full size
 * (so the upload is quick on a slow connection).
 */
export const UPLOAD_LONG_SIDE = 2560;
const JPEG_QUALITY = 0.9;

/** The size to draw a `width`×`height` image at so its long side is at most `longSide`; null when it already fits. */
export function downscaledSize(width: number, height: number, longSide = UPLOAD_LONG_SIDE): { width: number; height: number } | null {
  const long = Math.max(width, height);
  if (!(long > longSide) || width <= 0 || height <= 0) return null;
  const scale = longSide / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function isJpeg(file: File): boolean {
  return file.type === "image/jpeg" || (file.type === "" && /\.jpe?g$/i.test(file.name));
}

async function encodeJpeg(bitmap: ImageBitmap, size: { width: number; height: number }): Promise<Blob | null> {
  if (typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext("2d");
    if (!ctx) return null;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    return canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY });
  }
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
}

/**
 * A large JPEG redrawn upright at UPLOAD_LONG_SIDE and re-encoded as JPEG (which also leaves its
 * EXIF behind; the photo's location is read from the original first). Anything else comes back as
 * it was: a photo that already fits, another format, one this browser cannot decode (an iPhone's
 * HEIC: the server answers it clearly) or a redraw that would not be smaller.
 */
export async function downscalePhoto(file: File): Promise<File> {
  if (!isJpeg(file) || typeof createImageBitmap !== "function") return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  try {
    const size = downscaledSize(bitmap.width, bitmap.height);
    if (!size) return file;
    const blob = await encodeJpeg(bitmap, size);
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg", lastModified: file.lastModified });
  } catch {
    return file;
  } finally {
    bitmap.close();
  }
}
