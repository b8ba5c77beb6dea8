const EXIF_BYTES = 512 * 1024;

/**
 * The GPS position a photo carries in its EXIF, read in the browser from the file the person picked
 * (the server never keeps it: processing strips it). Null when there is none or it cannot be read.
 */
export async function photoLocation(file: Blob): Promise<{ latitude: number; longitude: number } | null> {
  try {
    const { gps } = await import("exifr");
    // EXIF sits at the start of a JPEG (and in PNG/WebP headers): its first bytes are enough.
    const found = await gps(await file.slice(0, EXIF_BYTES).arrayBuffer());
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return null;
    if (Math.abs(found.latitude) > 90 || Math.abs(found.longitude) > 180 || (found.latitude === 0 && found.longitude === 0)) return null;
    return { latitude: Number(found.latitude.toFixed(6)), longitude: Number(found.longitude.toFixed(6)) };
  } catch {
    return null;
  }
}
