/**
 * `npx tsx bench/photos.ts`: the CPU side of photos, in process, without a server or a database:
 * - accepting: the upload's checks of a 3 MB, 12-megapixel phone JPEG (check-upload.ts: signature,
 *   header, a decode shrunk on load), the part of the request that grows with the photo;
 * - processing: `process-photo`'s rendering of the same photo (renderImages: display and thumbnail
 *   WebP), one at a time;
 * - memory: this process's peak RSS while four photos render at once.
 * Prints p50/p95 in ms and the peak in MiB. The figures go in bench/RESULTS.md.
 */
import sharp from "sharp";
import { checkUpload } from "@/server/domain/photos/check-upload";
import { renderImages } from "@/server/domain/photos/process-photo";

const RUNS = Number(process.argv[2] ?? 15);

/** A photo-like 12 MP JPEG of about 3 MB: smooth noise scaled up (a flat colour would compress to nothing). */
async function phonePhoto(): Promise<Buffer> {
  const small = await sharp({ create: { width: 500, height: 375, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 70 } } }).png().toBuffer();
  return sharp(small).resize(4000, 3000).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
}

function percentile(ms: number[], p: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return { p50: percentile(ms, 50).toFixed(0), p95: percentile(ms, 95).toFixed(0) };
}

const photo = await phonePhoto();
const meta = await sharp(photo).metadata();
console.log(`photo: ${(photo.length / 1e6).toFixed(2)} MB, ${meta.width}x${meta.height} (${((meta.width! * meta.height!) / 1e6).toFixed(1)} MP)`);
console.log("accept checks (ms):", await timed(RUNS, () => checkUpload(photo)));
console.log("process-photo render (ms):", await timed(Math.max(3, Math.round(RUNS / 3)), () => renderImages(photo)));

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const start = performance.now();
await Promise.all(Array.from({ length: 4 }, () => renderImages(photo)));
clearInterval(sampler);
console.log(`four at once: ${(performance.now() - start).toFixed(0)} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
