/**
 * `npx tsx bench/photos.ts`: the CPU side of photos, in process, without a server or a database:
 * - accepting: the upload's checks of a 3 MB, 12-megapixel phone JPEG (check-upload.ts: signature,
 *   header, a decode shrunk on load), the part of the request that grows with the photo;
 * - processing: `process-photo`'s rendering of the same photo (renderImages: display and thumbnail
 *   WebP), one at a time;
 * - memory: this process's peak RSS while four photos render at once.
 * Prints p50/p95 in ms and the peak in MiB. The figures go in bench/RESULTS.md.
 *
 * `npx tsx bench/photos.ts --server` (`npm run build` first; PostgreSQL at BENCH_DATABASE_URL, a
 * fresh database of its own): the same photo through the production server instead:
 * - accepting: POST /api/reports/{id}/photos at 10 uploads a second (an open loop), each timed from
 *   when it was due until its 2xx, with an event sink in place of Inngest (no function runs);
 * - memory: the server process's resident memory (VmRSS, sampled) while four photos uploaded at once
 *   are processed by process-photo on it, through the Inngest stand-in, until all four are ready.
 */
import { loadavg } from "node:os";
import sharp from "sharp";
import { checkUpload } from "@/server/domain/photos/check-upload";
import { renderImages } from "@/server/domain/photos/process-photo";
import { serverCpuSeconds } from "./lib/server";
import { benchDatabase, photoStates, rssMiB, startPhotoServer, uploadPhoto, uploadsAtRate } from "./lib/photo-server";

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const SERVER = args.includes("--server");
const PORT = 3997;
const UPLOAD_RATE = 10;
const UPLOAD_SECONDS = 20;
const WARM_SECONDS = 3;
const SERIAL_UPLOADS = 12;

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
if (SERVER) await throughTheServer(photo);
else await inProcess(photo);

async function inProcess(photo: Buffer) {
  console.log("accept checks (ms):", await timed(RUNS, () => checkUpload(photo)));
  console.log("process-photo render (ms):", await timed(Math.max(3, Math.round(RUNS / 3)), () => renderImages(photo)));

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  await Promise.all(Array.from({ length: 4 }, () => renderImages(photo)));
  clearInterval(sampler);
  console.log(`four at once: ${(performance.now() - start).toFixed(0)} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
}

async function throughTheServer(photo: Buffer) {
  const database = await benchDatabase("postgres");
  try {
    const accepting = await startPhotoServer(PORT, database, false);
    try {
      const uploads = SERIAL_UPLOADS + UPLOAD_RATE * (WARM_SECONDS + UPLOAD_SECONDS);
      const reports = await accepting.reports(Math.ceil(uploads / 4), 20);
      // One at a time first: what an upload costs with nothing else in the way.
      const serial: number[] = [];
      for (let i = 0; i < SERIAL_UPLOADS; i++) {
        const start = performance.now();
        const { status } = await uploadPhoto(accepting.url, reports[Math.floor(i / 4)]!, photo);
        if (status !== 201) throw new Error(`an upload answered ${status}`);
        serial.push(performance.now() - start);
      }
      console.log(`one at a time (ms): p50 ${percentile(serial, 50).toFixed(0)}, p95 ${percentile(serial, 95).toFixed(0)}`);
      const offset = SERIAL_UPLOADS + UPLOAD_RATE * WARM_SECONDS;
      await uploadsAtRate(accepting.url, reports, photo, UPLOAD_RATE, WARM_SECONDS, SERIAL_UPLOADS);
      const cpuBefore = await serverCpuSeconds(accepting.server.pid);
      const { ok, failed } = await uploadsAtRate(accepting.url, reports, photo, UPLOAD_RATE, UPLOAD_SECONDS, offset);
      const cpuMs = ((await serverCpuSeconds(accepting.server.pid)) - cpuBefore) * 1000;
      console.log(`server CPU per upload at ${UPLOAD_RATE}/s: ${(cpuMs / (ok.length + failed.length)).toFixed(0)} ms (load average ${loadavg()[0]!.toFixed(2)})`);
      const ms = (p: number) => (ok.length ? percentile(ok, p).toFixed(0) : "-");
      console.log(`accepting at ${UPLOAD_RATE}/s for ${UPLOAD_SECONDS} s (ms): ${ok.length} answered 2xx, p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}; not 2xx: ${failed.length} ${JSON.stringify(failed.slice(0, 5))}`);
    } finally {
      await accepting.stop();
    }

    const processing = await startPhotoServer(PORT, database, true);
    try {
      const [report] = await processing.reports(1, 1);
      const idle = await rssMiB(processing.server.pid);
      let peak = idle;
      const sampler = setInterval(() => void rssMiB(processing.server.pid).then((m) => (peak = Math.max(peak, m)), () => {}), 50);
      const start = performance.now();
      const answers = await Promise.all(Array.from({ length: 4 }, () => uploadPhoto(processing.url, report!, photo)));
      const ids = answers.map((a) => a.id).filter((id): id is string => !!id);
      if (ids.length !== 4) throw new Error(`uploads answered ${answers.map((a) => a.status).join(", ")}`);
      let states: Record<string, number> = {};
      while (performance.now() - start < 180_000) {
        states = await photoStates(processing.databaseUrl, ids);
        if ((states.ready ?? 0) + (states.failed ?? 0) === 4) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const elapsed = performance.now() - start;
      clearInterval(sampler);
      console.log(`load average ${loadavg()[0]!.toFixed(2)}`);
      console.log(`four uploaded at once, processed on the server: ${JSON.stringify(states)} after ${elapsed.toFixed(0)} ms; server RSS idle ${idle.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB`);
    } finally {
      await processing.stop();
    }
  } finally {
    await database.drop();
  }
}
