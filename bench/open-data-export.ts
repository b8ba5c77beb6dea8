/**
 * `npm run bench:open-data`: the open-data export of a whole city, streamed as a client reads it:
 * how long it takes, how many rows and bytes, and how far the process's resident memory grew above
 * where it stood before the first read (issue 20's target: at most 50 MB for 1,000,000 rows).
 *
 *   BENCH_DATABASE_URL=postgres://…/civiclens_city npm run bench:open-data -- --format=csv
 *   … -- --format=geojson --from=2016-01-01 --to=2036-12-31 --slow-reader-ms=0
 *
 * It reads the database only (a seeded city: `npm run db:seed -- --reports 1000000`). The reader
 * takes each chunk as it comes (or waits --slow-reader-ms per chunk, a slow client), counting bytes
 * and CSV lines; memory is sampled every 50 ms. Prints one JSON line.
 */
import { parseArgs } from "node:util";
import { createDb } from "../src/server/db/client";
import { sql } from "kysely";
import { csvFormat, geoJsonFormat } from "../src/server/domain/open-data/export-formats";
import { EXPORT_BATCH_SIZE, exportConditions } from "../src/server/domain/open-data/export-rows";
import { exportStream } from "../src/server/domain/open-data/export-stream";
import { parseExportFilter } from "../src/server/domain/open-data/open-data.schemas";

const { values } = parseArgs({
  options: {
    format: { type: "string", default: "csv" },
    from: { type: "string" },
    to: { type: "string" },
    "slow-reader-ms": { type: "string", default: "0" },
    batch: { type: "string" },
  },
});
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/civiclens_city";
const db = createDb({ databaseUrl: url, poolMax: 2 });
const params = new URLSearchParams();
if (values.from) params.set("from", values.from);
if (values.to) params.set("to", values.to);
const filter = parseExportFilter(params);
const format = values.format === "geojson" ? geoJsonFormat("https://civiclens.example") : csvFormat("https://civiclens.example");
const slowMs = Number(values["slow-reader-ms"]);
const batchSize = values.batch ? Number(values.batch) : EXPORT_BATCH_SIZE;

// How many reports the export should hold (also opens the pool's connection before the baseline).
const { rows: expected } = await sql<{ n: number }>`select count(*)::int as n from reports where ${sql.join(exportConditions(filter), sql` and `)}`.execute(db);
global.gc?.();
const baseline = process.memoryUsage().rss;
const heapBaseline = process.memoryUsage();
let peak = baseline;
let heapPeak = 0;
let arrayBuffersPeak = 0;
const sample = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  heapPeak = Math.max(heapPeak, m.heapUsed);
  arrayBuffersPeak = Math.max(arrayBuffersPeak, m.arrayBuffers);
};
const sampler = setInterval(sample, 50);

const started = performance.now();
let bytes = 0;
let newlines = 0;
let chunks = 0;
let firstByteMs: number | null = null;
const reader = exportStream(db, filter, format, batchSize).getReader();
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  firstByteMs ??= performance.now() - started;
  chunks += 1;
  bytes += value.byteLength;
  for (const b of value) if (b === 10) newlines += 1;
  if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
sample();
const mb = (n: number) => Math.round((n / (1024 * 1024)) * 10) / 10;
console.log(
  JSON.stringify({
    format: format.extension,
    filter: { from: values.from ?? null, to: values.to ?? null },
    seconds: Math.round(seconds * 10) / 10,
    firstByteMs: Math.round(firstByteMs ?? 0),
    chunks,
    bytes,
    newlines,
    rows: expected[0]?.n ?? 0,
    rowsPerSecond: Math.round((expected[0]?.n ?? 0) / seconds),
    rssBaselineMb: mb(baseline),
    rssPeakMb: mb(peak),
    rssGrowthMb: mb(peak - baseline),
    batchSize,
    heapUsedBaselineMb: mb(heapBaseline.heapUsed),
    heapUsedPeakMb: mb(heapPeak),
    arrayBuffersPeakMb: mb(arrayBuffersPeak),
  }),
);
await db.destroy();
