const EXIF_BYTES = 512 * 1024;

/**
 * The GPS position a photo carries in its EXIF, read in the browser from the file the person picked
 * (the server never keeps it: processing strips it). Null when there is none or it cannot be read.
 */
export async function photoLocation(file: Blob): Promise<{ latitude: number; longitude: number } | null> {
  try {
    // Only exifr's GPS-reading bundle, and only once a photo is picked: the form's own JS stays small.
    const { gps } = await import("exifr/dist/mini.esm.mjs");
    // EXIF sits at the start of a JPEG: its first bytes are enough.
    const found = await gps(await file.slice(0, EXIF_BYTES).arrayBuffer());
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return null;
    if (Math.abs(found.latitude) > 90 || Math.abs(found.longitude) > 180 || (found.latitude === 0 && found.longitude === 0)) return null;
    return { latitude: Number(found.latitude.toFixed(6)), longitude: Number(found.longitude.toFixed(6)) };
  } catch {
    return null;
  }
}
