/**
 * The plans PostgreSQL picks for the public reads, the moderation queue and "my reports" on a city
 * big enough for the planner to weigh indexes against scans: reports around a couple of thousand
 * hotspots over ten years, mostly resolved, titles from a small vocabulary, one citizen with 500
 * reports. Each query is captured as the app sends it (Kysely's log) and EXPLAINed with its
 * parameters: every one must read through an index, none may scan the reports table whole.
 * The load itself is set-based, with the map-cell trigger off and the cells recounted after
 * (report_map_cells_rebuild), as a bulk seeder does.
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/schema";
import { listQueue } from "@/server/domain/admin/list-queue";
import { queueInput } from "@/server/domain/admin/admin.schemas";
import { getReportMap } from "@/server/domain/reports/map-reports";
import { listFeed, listReportsByReporter } from "@/server/domain/reports/report-queries";
import { feedInput, mapInput } from "@/server/domain/reports/report.schemas";
import { findSimilarReports } from "@/server/domain/reports/similar-reports";
import { createTestDb } from "../../support/test-db";

const REPORTS = 200_000;

let test: Awaited<ReturnType<typeof createTestDb>>;
let pool: pg.Pool;
let spy: Kysely<Database>;
let captured: CompiledQuery[] = [];
let heavyUser: string;
let hotspot: { lat: number; lng: number };

beforeAll(async () => {
  test = await createTestDb();
  pool = new pg.Pool({ connectionString: test.url!, max: 2 });
  spy = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
  await sql`select setseed(0.15)`.execute(spy);
  await sql`insert into users (phone) select '+9170' || lpad(g::text, 8, '0') from generate_series(1, 2000) g`.execute(spy);
  await sql`create temp table hotspots as select g as h, 12.97 + (random() - 0.5) * 0.3 as lat, 77.59 + (random() - 0.5) * 0.3 as lng from generate_series(0, 1999) g`.execute(spy);
  await sql`create temp table citizens as select row_number() over (order by id) - 1 as n, id from users`.execute(spy);
  await sql`alter table reports disable trigger reports_map_cells`.execute(spy);
  // Built once after the load rather than row by row: a bulk load's usual order, and much quicker.
  await sql`drop index reports_title_trgm_idx, reports_earth_idx, reports_open_earth_idx`.execute(spy);
  await sql`
    insert into reports (reporter_id, title, description, category, citizen_category, severity, citizen_severity, priority, status, latitude, longitude, created_at, updated_at)
    select c.id,
           (array['Pothole', 'Broken streetlight', 'Garbage pile', 'Water leak', 'Blocked drain', 'Fallen tree', 'Open manhole', 'Illegal dumping', 'Power outage', 'Damaged footpath'])[1 + (r.g * 7) % 10]
             || ' near ' || (array['the market', 'the school', 'the bus stop', 'the temple', 'the park', 'the hospital'])[1 + r.g % 6] || ' ' || r.g,
           'Reported by a resident: it has been like this for days and needs attention.',
           (array['roads', 'streetlights', 'garbage', 'water_supply', 'drainage', 'electricity', 'trees_parks', 'public_property', 'public_safety', 'environment', 'other'])[1 + r.g % 11],
           null, 'medium', 'medium',
           (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + r.g % 5],
           case when r.s < 0.70 then 'resolved' when r.s < 0.75 then 'in_progress' when r.s < 0.80 then 'acknowledged' when r.s < 0.85 then 'under_review'
                when r.s < 0.93 then 'submitted' when r.s < 0.97 then 'rejected' else 'duplicate' end,
           h.lat + (random() - 0.5) * 0.004, h.lng + (random() - 0.5) * 0.004,
           now() - random() * interval '3650 days', now()
    from (select g, random() as s, (random() * 1999)::int as hs from generate_series(1, ${REPORTS}) g) r
    join hotspots h on h.h = r.hs
    join citizens c on c.n = case when r.g % 400 = 0 then 0 else 1 + r.g % 1999 end
  `.execute(spy);
  await sql`create index reports_title_trgm_idx on reports using gin (title gin_trgm_ops)`.execute(spy);
  await sql`create index reports_earth_idx on reports using gist (ll_to_earth(latitude, longitude))`.execute(spy);
  await sql`create index reports_open_earth_idx on reports using gist (ll_to_earth(latitude, longitude)) where status in ('submitted', 'under_review', 'acknowledged', 'in_progress')`.execute(spy);
  await sql`alter table reports enable trigger reports_map_cells`.execute(spy);
  await sql`select report_map_cells_rebuild()`.execute(spy);
  // A city's bodies at the scale routing is measured at (bench/RESULTS.md): the queue names each row's body.
  await sql`
    insert into bodies (slug, name, is_default, categories, boundary, area_m2, min_lat, max_lat, min_lon, max_lon)
    select 'body-' || g, 'Body ' || g, g = 1, array['roads'],
           jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
             jsonb_build_array(77.5, 12.9), jsonb_build_array(77.51, 12.9), jsonb_build_array(77.51, 12.91), jsonb_build_array(77.5, 12.91), jsonb_build_array(77.5, 12.9)))),
           1200000, 12.9, 12.91, 77.5, 77.51
    from generate_series(1, 1000) g
  `.execute(spy);
  await sql`update reports set body_id = (select id from bodies where slug = 'body-' || (1 + abs(hashtext(reports.id::text)) % 1000)) where reports.created_at > now() - interval '30 days'`.execute(spy);
  // A city's timeline and updates: the queue looks up each row's newest status change and any
  // close or reopen request waiting, which an empty table would answer by a scan.
  await sql`
    insert into report_updates (report_id, kind, from_status, to_status, created_at)
    select id, 'status_changed', 'submitted', status, created_at + interval '1 day' from reports where status <> 'submitted'
  `.execute(spy);
  await sql`
    insert into report_posts (report_id, author_id, author_role, kind, text, effect, created_at)
    select r.id, r.reporter_id, 'reporter', case when r.status = 'resolved' then 'still_there' else 'fixed' end, 'Checked again today.',
           case when r.status = 'resolved' then 'reopen_request' else 'close_request' end, r.created_at + interval '2 days'
    from reports r where abs(hashtext(r.id::text)) % 20 = 0
  `.execute(spy);
  await sql`analyze`.execute(spy);
  heavyUser = (await sql<{ id: string }>`select id from citizens where n = 0`.execute(spy)).rows[0]!.id;
  hotspot = (await sql<{ lat: number; lng: number }>`select lat, lng from hotspots where h = 7`.execute(spy)).rows[0]!;
}, 120_000);

afterAll(async () => {
  await spy?.destroy();
  await test?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(nodes)];
}

/** Runs `work` against the logging handle and EXPLAINs every query it sent. */
async function plansOf(work: (db: Kysely<Database>) => Promise<unknown>): Promise<{ sql: string; nodes: PlanNode[] }[]> {
  captured = [];
  await work(spy);
  const queries = captured;
  const plans = [];
  for (const q of queries) {
    const { rows } = await pool.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (format json) ${q.sql}`, q.parameters as unknown[]);
    plans.push({ sql: q.sql, nodes: nodes(rows[0]!["QUERY PLAN"][0].Plan) });
  }
  return plans;
}

function expectIndexedReads(plans: { sql: string; nodes: PlanNode[] }[]) {
  expect(plans.length).toBeGreaterThan(0);
  for (const p of plans) {
    const summary = p.nodes.map((n) => `${n["Node Type"]}${n["Relation Name"] ? ` on ${n["Relation Name"]}` : ""}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}`);
    expect(summary.filter((s) => s.startsWith("Seq Scan")), `${p.sql}\n${summary.join("\n")}`).toEqual([]);
    expect(summary.some((s) => / using /.test(s)), `${p.sql}\n${summary.join("\n")}`).toBe(true);
  }
}

describe(`query plans over ${REPORTS} reports`, () => {
  const city = { west: 77.4, south: 12.8, east: 77.8, north: 13.14 };
  const street = () => ({ west: hotspot.lng - 0.006, south: hotspot.lat - 0.003, east: hotspot.lng + 0.006, north: hotspot.lat + 0.003 });

  it("the map at a city zoom (12) reads counted cells by their key", async () => {
    const plans = await plansOf((db) => getReportMap(db, mapInput.parse({ bbox: city, zoom: 12 })));
    expectIndexedReads(plans);
    expect(plans.every((p) => !/from "?reports"?\b/.test(p.sql))).toBe(true);
  });

  it("the map's city-zoom answer stays small enough for a phone (at most 50 kB as the client receives it)", async () => {
    const answer = await getReportMap(spy, mapInput.parse({ bbox: city, zoom: 12 }));
    expect(answer.clusters.length).toBeGreaterThan(20);
    expect(Buffer.byteLength(JSON.stringify(superjson.serialize(answer)))).toBeLessThanOrEqual(50_000);
  });

  it("the map at a street zoom (17)", async () => {
    expectIndexedReads(await plansOf((db) => getReportMap(db, mapInput.parse({ bbox: street(), zoom: 17 }))));
  });

  it("the map filtered by words in titles, grouped live", async () => {
    expectIndexedReads(await plansOf((db) => getReportMap(db, mapInput.parse({ bbox: city, zoom: 12, text: "manhole near the park" }))));
  });

  it("the map at a street zoom closer than the counted levels (19)", async () => {
    const b = street();
    const closer = { west: b.west + 0.004, east: b.east - 0.004, south: b.south + 0.001, north: b.north - 0.001 };
    expectIndexedReads(await plansOf((db) => getReportMap(db, mapInput.parse({ bbox: closer, zoom: 19 }))));
  });

  it("the feed's first page", async () => {
    expectIndexedReads(await plansOf((db) => listFeed(db, feedInput.parse({}))));
  });

  it("the feed 200 pages deep by cursor", async () => {
    const row = (await sql<{ created_at: Date; id: string }>`select created_at, id from reports where status <> 'rejected' order by created_at desc, id desc offset 4000 limit 1`.execute(spy)).rows[0]!;
    const cursor = Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString("base64url");
    expectIndexedReads(await plansOf((db) => listFeed(db, feedInput.parse({ cursor }))));
  });

  it("the feed with a text search, common and rare", async () => {
    expectIndexedReads(await plansOf((db) => listFeed(db, feedInput.parse({ text: "streetlight" }))));
    expectIndexedReads(await plansOf((db) => listFeed(db, feedInput.parse({ text: "manhole near the park 1234" }))));
  });

  it("the feed of a close view", async () => {
    expectIndexedReads(await plansOf((db) => listFeed(db, feedInput.parse({ bbox: street() }))));
  });

  it("similar reports at a hotspot, through the index of open reports only", async () => {
    const plans = await plansOf((db) => findSimilarReports(db, { latitude: hotspot.lat, longitude: hotspot.lng, title: "Pothole near the market", category: "roads", radiusMeters: 200 }));
    expectIndexedReads(plans);
    expect(plans.flatMap((p) => p.nodes.map((n) => n["Index Name"]))).toContain("reports_open_earth_idx");
  });

  it("the moderation queue with two filters", async () => {
    expectIndexedReads(await plansOf((db) => listQueue(db, queueInput.parse({ status: "submitted", category: "roads" }))));
  });

  it("the moderation queue of one body (a moderator limited to it, or the body filter)", async () => {
    const body = (await sql<{ id: string }>`select id from bodies where slug = 'body-7'`.execute(spy)).rows[0]!.id;
    expectIndexedReads(await plansOf((db) => listQueue(db, queueInput.parse({ bodyId: body }))));
  });

  it("my reports, for a citizen with 500", async () => {
    expectIndexedReads(await plansOf((db) => listReportsByReporter(db, heavyUser, { limit: 20 })));
  });
});
