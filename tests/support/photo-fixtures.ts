import sharp from "sharp";

/**
 * Photos made in the test, never files from a camera: a JPEG carrying what a phone writes (camera
 * make and model, software, GPS position, an orientation that says "turn me 90°"), and plain ones.
 */
export const FIXTURE_GPS = { latitude: 12.9716666, longitude: 77.5944444 };

/** A landscape JPEG (width > height as stored) whose EXIF says to show it rotated 90° clockwise, with camera data and GPS. */
export function phoneJpeg(width = 400, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "X100 Pro", Software: "Camera 4.2", Artist: "Asha Citizen" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "12/1 58/1 1800/100", GPSLongitudeRef: "E", GPSLongitude: "77/1 35/1 4000/100" },
    })
    .toBuffer();
}

export function plainImage(format: "jpeg" | "png" | "webp", width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    [format]()
    .toBuffer();
}

/** A JPEG with real detail (so it has a body to cut), cut off at `fraction` of its bytes. */
export async function truncatedJpeg(fraction = 0.6): Promise<Buffer> {
  const full = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer();
  return full.subarray(0, Math.floor(full.length * fraction));
}

/** A PNG whose header claims 100 megapixels, small on disk because it is one colour: a decompression bomb. */
export function hundredMegapixelPng(): Promise<Buffer> {
  return sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: "#ffffff" } }).png({ compressionLevel: 9 }).toBuffer();
}

export const SVG_WITH_SCRIPT = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>');
/** A zip archive's first bytes (local file header) and a little more. */
export const ZIP_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.from("photo.jpg and other things")]);
/** The start of an HEIC file (an ISO-BMFF ftyp box with the heic brand). */
export const HEIC_BYTES = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x18]), Buffer.from("ftypheic"), Buffer.from([0, 0, 0, 0]), Buffer.from("mif1heic"), Buffer.alloc(64)]);
