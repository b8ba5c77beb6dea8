/**
 * `npx tsx bench/routing.ts [--reports N]` (PGlite, in memory), or with DATABASE_URL set (PostgreSQL):
 * the cost of routing one report (domain/bodies/route-report.ts: lock the report, the bounding-box
 * prefilter in SQL, the exact test in the domain, the write when the body changes) with 1,000 bodies
 * defined: 960 ward offices on a 30 × 32 grid over a city (each boundary a 48-sided ring), 39
 * city-wide utilities in bands of categories, and the default. Reports are scattered over the city
 * with every category. Prints p50/p95/p99 per report in ms, and the prefilter's candidate count.
 * The figures go in bench/RESULTS.md.
 */
import { sql } from "kysely";
import { createDb } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { findRoutingCandidates } from "@/server/domain/bodies/body-queries";
import { checkBoundary } from "@/server/domain/bodies/boundary";
import { routeReport } from "@/server/domain/bodies/route-report";
import { type BodyDefinition, saveBodyIn } from "@/server/domain/bodies/save-body";
import { CATEGORIES } from "@/shared/report-catalog";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REPORTS = arg("reports", 1000);
const CENTRE = { latitude: 12.9716, longitude: 77.5946 };
const SPAN = 0.24; // degrees across the city
const ROWS = 30;
const COLS = 32;
const WARD_CATEGORIES = ["roads", "garbage", "trees_parks", "public_property", "public_safety", "environment", "other"];

/** A 48-sided ring inscribed in the cell, so the exact test has real work (a square would be trivial). */
function ward(row: number, col: number): [number, number][] {
  const h = SPAN / ROWS;
  const w = SPAN / COLS;
  const cy = CENTRE.latitude - SPAN / 2 + (row + 0.5) * h;
  const cx = CENTRE.longitude - SPAN / 2 + (col + 0.5) * w;
  const ring = Array.from({ length: 48 }, (_, i) => {
    const a = (2 * Math.PI * i) / 48;
    return [cx + (w / 2) * Math.cos(a), cy + (h / 2) * Math.sin(a)] as [number, number];
  });
  return [...ring, ring[0]!];
}

function percentile(ms: number[], p: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const db = createDb({ databaseUrl, pgliteDir: "memory://" });
try {
  await migrateToLatest(db);
  const bodies: BodyDefinition[] = [{ slug: "default", name: "City Corporation", categories: [...CATEGORIES], isDefault: true, boundary: null }];
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      bodies.push({ slug: `ward-${r}-${c}`, name: `Ward ${r}-${c}`, categories: WARD_CATEGORIES, isDefault: false, boundary: checkBoundary({ type: "Polygon", coordinates: [ward(r, c)] }) });
    }
  }
  const s = SPAN / 2 + 0.02;
  const city = checkBoundary({ type: "Polygon", coordinates: [[[CENTRE.longitude - s, CENTRE.latitude - s], [CENTRE.longitude + s, CENTRE.latitude - s], [CENTRE.longitude + s, CENTRE.latitude + s], [CENTRE.longitude - s, CENTRE.latitude + s], [CENTRE.longitude - s, CENTRE.latitude - s]]] });
  const utilityCategories = ["water_supply", "drainage", "electricity", "streetlights"];
  for (let i = 0; bodies.length < 1000; i++) {
    bodies.push({ slug: `utility-${i}`, name: `Utility ${i}`, categories: [utilityCategories[i % utilityCategories.length]!], isDefault: false, boundary: city });
  }
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const b of bodies) await saveBodyIn(trx, { id: null, via: "cli" }, b);
  });
  console.log(`${bodies.length} bodies defined in ${Math.round(performance.now() - t0)} ms (${databaseUrl ? "PostgreSQL" : "PGlite"})`);

  const user = await db.insertInto("users").values({ phone: "+919999000001", role: "citizen" }).returning("id").executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const row = await db
      .insertInto("reports")
      .values({
        reporter_id: user.id,
        title: `Bench report ${i}`,
        description: "A report for the routing bench, scattered over the city.",
        category: CATEGORIES[i % CATEGORIES.length]!,
        citizen_severity: "medium",
        severity: "medium",
        latitude: CENTRE.latitude - SPAN / 2 + Math.random() * SPAN,
        longitude: CENTRE.longitude - SPAN / 2 + Math.random() * SPAN,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  await sql`analyze`.execute(db);

  const sample = await db.selectFrom("reports").select(["latitude", "longitude", "category"]).limit(200).execute();
  let candidates = 0;
  for (const r of sample) candidates += (await findRoutingCandidates(db, r, r.category)).length;

  await routeReport(db, ids[0]!, { eventId: null, reason: "bench" }); // warm-up
  const ms: number[] = [];
  for (const id of ids.slice(1)) {
    const start = performance.now();
    await routeReport(db, id, { eventId: null, reason: "bench" });
    ms.push(performance.now() - start);
  }
  const unchanged: number[] = [];
  for (const id of ids.slice(1, 201)) {
    const start = performance.now();
    await routeReport(db, id, { eventId: null, reason: "bench" });
    unchanged.push(performance.now() - start);
  }
  const f = (n: number) => n.toFixed(2);
  console.log(`routing ${ms.length} reports (first route: body written, timeline entry, audit row): p50 ${f(percentile(ms, 50))} ms, p95 ${f(percentile(ms, 95))} ms, p99 ${f(percentile(ms, 99))} ms`);
  console.log(`routing again, body unchanged (${unchanged.length} reports, nothing written): p50 ${f(percentile(unchanged, 50))} ms, p95 ${f(percentile(unchanged, 95))} ms`);
  console.log(`candidates from the bounding-box prefilter: ${f(candidates / sample.length)} per report on average (of ${bodies.length} bodies)`);
} finally {
  await db.destroy();
}
