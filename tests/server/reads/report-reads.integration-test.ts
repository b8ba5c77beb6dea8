/**
 * The public read side of issue 15 through the tRPC caller: reports.map (clusters counted ahead by
 * the report_map_cells trigger, and live), reports.feed, reports.similar, admin.report's possible
 * duplicates, and every bad input refused with a 400 naming its field.
 */
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Priority, ReportStatus } from "@/server/db/schema";
import { AppError } from "@/server/domain/errors";
import { MAP_REPORTS_MAX } from "@/server/domain/reports/map-reports";
import { MAP_CELL_LEVELS } from "@/server/domain/reports/map-grid";
import { productionHandlerTarget } from "../../faults/trpc-targets";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
let reporterId: string;
beforeEach(async () => {
  await truncateAll(db());
  reporterId = (await createUser(db())).id;
});

interface Seed {
  lat: number;
  lng: number;
  title?: string;
  description?: string;
  status?: ReportStatus;
  category?: string | null;
  priority?: Priority | null;
  supports?: number;
}

let clock = Date.parse("2026-06-01T00:00:00Z");
/** Reports written straight to the table (each a minute after the last), as triage and moderators leave them. */
async function seed(rows: Seed[]): Promise<string[]> {
  const inserted = await db()
    .insertInto("reports")
    .values(
      rows.map((r) => {
        clock += 60_000;
        return {
          reporter_id: reporterId,
          title: r.title ?? "Deep pothole near the bus stop",
          description: r.description ?? "A deep pothole on the left lane; two-wheelers swerve into traffic.",
          category: r.category === undefined ? "roads" : r.category,
          severity: "medium" as const,
          citizen_severity: "medium" as const,
          priority: r.priority === undefined ? "normal" : r.priority,
          status: r.status ?? "submitted",
          latitude: r.lat,
          longitude: r.lng,
          support_count: r.supports ?? 0,
          created_at: new Date(clock),
          updated_at: new Date(clock),
        };
      }),
    )
    .returning("id")
    .execute();
  return inserted.map((r) => r.id);
}

const anyone = () => callerFor(db());
const BANGALORE = { west: 77.45, south: 12.85, east: 77.75, north: 13.1 };
const sum = (xs: { count: number }[]) => xs.reduce((n, c) => n + c.count, 0);

/** A city's worth of variety: two neighbourhoods, every open and closed status, several categories and priorities. */
async function seedCity() {
  const statuses: ReportStatus[] = ["submitted", "under_review", "acknowledged", "in_progress", "resolved", "duplicate", "rejected"];
  const categories = ["roads", "garbage", "streetlights", null];
  const priorities: (Priority | null)[] = ["low", "normal", "high", "urgent", null];
  const rows: Seed[] = [];
  for (let i = 0; i < 84; i++) {
    const near = i % 2 === 0 ? { lat: 12.97, lng: 77.59 } : { lat: 13.03, lng: 77.65 };
    rows.push({
      lat: near.lat + ((i * 7) % 11) * 0.001,
      lng: near.lng + ((i * 5) % 13) * 0.001,
      status: statuses[i % statuses.length],
      category: categories[i % categories.length],
      priority: priorities[i % priorities.length],
      title: i % 3 === 0 ? "Garbage pile behind the market" : "Streetlight out on the main road",
    });
  }
  await seed(rows);
}

/** How many reports the public may see in the box with these filters, counted directly. */
async function publicCount(f: { status?: ReportStatus; category?: string }, b = BANGALORE) {
  let q = db()
    .selectFrom("reports")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "!=", "rejected")
    .where("latitude", ">=", b.south)
    .where("latitude", "<=", b.north)
    .where("longitude", ">=", b.west)
    .where("longitude", "<=", b.east);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.category) q = q.where("category", "=", f.category);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe("reports.map", () => {
  it("answers a city-wide view with clusters whose counts add up to the filtered total", async () => {
    await seedCity();
    for (const zoom of [3, 8, 10, 12]) {
      for (const f of [{}, { status: "resolved" as const }, { category: "garbage" as const }, { status: "submitted" as const, category: "roads" as const }]) {
        const map = await anyone().reports.map({ bbox: BANGALORE, zoom, ...f });
        expect(map.reports).toEqual([]);
        expect(sum(map.clusters), `zoom ${zoom} ${JSON.stringify(f)}`).toBe(await publicCount(f));
        for (const c of map.clusters) {
          expect(c.latitude).toBeGreaterThanOrEqual(c.bounds.south);
          expect(c.latitude).toBeLessThanOrEqual(c.bounds.north);
          expect(c.longitude).toBeGreaterThanOrEqual(c.bounds.west);
          expect(c.longitude).toBeLessThanOrEqual(c.bounds.east);
        }
      }
    }
    const open = await anyone().reports.map({ bbox: BANGALORE, zoom: 12 });
    const openCount = Number((await sql<{ n: number }>`select count(*) as n from reports where status in ('submitted','under_review','acknowledged','in_progress')`.execute(db())).rows[0]!.n);
    expect(open.clusters.reduce((n, c) => n + c.openCount, 0)).toBe(openCount);
  });

  it("names the most urgent priority among a cluster's open reports only", async () => {
    await seed([
      { lat: 12.971, lng: 77.591, priority: "urgent", status: "resolved" },
      { lat: 12.972, lng: 77.592, priority: "high", status: "in_progress" },
      { lat: 12.973, lng: 77.593, priority: "low", status: "submitted" },
      { lat: 13.06, lng: 77.7, priority: "urgent", status: "resolved" },
      { lat: 13.061, lng: 77.701, priority: null, status: "submitted" },
    ]);
    const map = await anyone().reports.map({ bbox: BANGALORE, zoom: 12 });
    expect(map.clusters).toHaveLength(2);
    const [a, b] = [...map.clusters].sort((x, y) => x.latitude - y.latitude);
    expect(a).toMatchObject({ count: 3, openCount: 2, mostUrgent: "high" });
    expect(b).toMatchObject({ count: 2, openCount: 1, mostUrgent: null });
    expect(a!.latitude).toBeCloseTo(12.972, 6);
    expect(a!.key).toMatch(/^13\/\d+\/\d+$/);
  });

  it("keeps the counted cells equal to a recount through inserts, moves, status, priority and category changes, and deletes", async () => {
    const ids = await seed([
      { lat: 12.97, lng: 77.59 },
      { lat: 12.98, lng: 77.6, status: "rejected" },
      { lat: -33.86, lng: 151.2, category: null, priority: null },
      { lat: 51.5, lng: -0.12 },
    ]);
    await db().updateTable("reports").set({ status: "under_review", priority: "urgent" }).where("id", "=", ids[0]!).execute();
    await db().updateTable("reports").set({ status: "acknowledged" }).where("id", "=", ids[1]!).execute();
    await db().updateTable("reports").set({ latitude: 40.7, longitude: -74 }).where("id", "=", ids[2]!).execute();
    await db().updateTable("reports").set({ category: "garbage" }).where("id", "=", ids[3]!).execute();
    await db().updateTable("reports").set({ status: "rejected" }).where("id", "=", ids[3]!).execute();
    await db().updateTable("reports").set({ support_count: 3 }).where("id", "=", ids[0]!).execute();
    await db().deleteFrom("reports").where("id", "=", ids[0]!).execute();
    const kept = await sql`select level, x, y, status, category, shard, report_count, round(sum_lat::numeric, 6) as lat, urgent, high, normal, low
                           from report_map_cells where report_count <> 0 order by 1, 2, 3, 4, 5, 6`.execute(db());
    await sql`select report_map_cells_rebuild()`.execute(db());
    const recounted = await sql`select level, x, y, status, category, shard, report_count, round(sum_lat::numeric, 6) as lat, urgent, high, normal, low
                                from report_map_cells order by 1, 2, 3, 4, 5, 6`.execute(db());
    expect(kept.rows).toEqual(recounted.rows);
    expect(kept.rows).toHaveLength(MAP_CELL_LEVELS.length * 2);
    const levels = await sql<{ level: number }>`select distinct level from report_map_cells order by 1`.execute(db());
    expect(levels.rows.map((r) => r.level)).toEqual([...MAP_CELL_LEVELS]);
    await truncateAll(db());
    expect((await sql`select * from report_map_cells`.execute(db())).rows).toEqual([]);
  });

  it("answers a close view with its reports one by one, and with clusters once it holds too many", async () => {
    await seed([
      { lat: 12.9716, lng: 77.5946, supports: 4, title: "Fallen tree" },
      { lat: 12.9718, lng: 77.5949, status: "rejected" },
    ]);
    const street = { west: 77.59, south: 12.969, east: 77.6, north: 12.974 };
    for (const zoom of [16, 17, 19]) {
      const map = await anyone().reports.map({ bbox: street, zoom });
      expect(map.clusters).toEqual([]);
      expect(map.reports).toHaveLength(1);
      expect(map.reports[0]).toMatchObject({ title: "Fallen tree", supportCount: 4, status: "submitted", latitude: 12.9716 });
      expect(JSON.stringify(map.reports[0])).not.toMatch(/reporter/);
    }
    await seed(Array.from({ length: MAP_REPORTS_MAX + 5 }, (_, i) => ({ lat: 12.97 + (i % 20) * 0.0002, lng: 77.592 + Math.floor(i / 20) * 0.0003 })));
    for (const zoom of [16, 17, 19]) {
      const map = await anyone().reports.map({ bbox: street, zoom });
      expect(map.reports).toEqual([]);
      expect(sum(map.clusters), `zoom ${zoom}`).toBe(MAP_REPORTS_MAX + 6);
    }
    // A text filter that narrows the close view to a few answers them one by one again.
    expect((await anyone().reports.map({ bbox: street, zoom: 17, text: "fallen" })).reports).toHaveLength(1);
  });

  it("filters by words in the title, literally, wide views included", async () => {
    await seed([
      { lat: 12.97, lng: 77.59, title: "Water leak: 100% of the street flooded" },
      { lat: 12.98, lng: 77.6, title: "Water leak near 10 percent corner" },
      { lat: 12.99, lng: 77.61, title: "Sign reads O'Brien_Road \\ left" },
      { lat: 13.0, lng: 77.62, title: "Open manhole" },
    ]);
    const count = async (text: string) => sum((await anyone().reports.map({ bbox: BANGALORE, zoom: 11, text })).clusters);
    expect(await count("water leak")).toBe(2);
    expect(await count("100%")).toBe(1);
    expect(await count("00%")).toBe(1);
    expect(await count("O'Brien_Road")).toBe(1);
    expect(await count("n_r")).toBe(1);
    expect(await count("___")).toBe(0);
    expect(await count("%%%")).toBe(0);
    expect(await count("\\ l")).toBe(1);
    expect(await count("'; drop table reports; --")).toBe(0);
    expect(await count("   ")).toBe(4);
  });

  it("wraps a box across the antimeridian", async () => {
    await seed([
      { lat: -17.7, lng: 179.5, title: "East of the line" },
      { lat: -17.8, lng: -179.5, title: "West of the line" },
      { lat: -17.7, lng: 0, title: "Far away" },
    ]);
    const fiji = { west: 179, south: -18, east: -179, north: -17 };
    const map = await anyone().reports.map({ bbox: fiji, zoom: 7 });
    expect(sum(map.clusters)).toBe(2);
    const close = await anyone().reports.map({ bbox: fiji, zoom: 14 }).catch((e: unknown) => e);
    expect(close).toBeInstanceOf(Error); // two degrees is far wider than a screen at zoom 14
    const feed = await anyone().reports.feed({ bbox: fiji });
    expect(feed.items.map((r) => r.title).sort()).toEqual(["East of the line", "West of the line"]);
    const line = { west: 179.4, south: -17.85, east: -179.4, north: -17.6 };
    const streetMap = await anyone().reports.map({ bbox: line, zoom: 10 });
    expect(sum(streetMap.clusters)).toBe(2);
  });
});

describe("reports.feed", () => {
  it("pages a text search by cursor, newest first, with support counts and never a rejected report", async () => {
    const rows: Seed[] = Array.from({ length: 25 }, (_, i) => ({
      lat: 12.97,
      lng: 77.59,
      title: i % 2 === 0 ? `Broken streetlight number ${i}` : `Garbage pile ${i}`,
      supports: i,
      status: i === 24 ? "rejected" : "submitted",
    }));
    const ids = await seed(rows);
    const wanted = ids.filter((_, i) => i % 2 === 0 && i !== 24).reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await anyone().reports.feed({ text: "STREETLIGHT", limit: 5, cursor });
      for (const item of page.items) {
        expect(item.title).toMatch(/streetlight/i);
        expect(item).toHaveProperty("supportCount");
        expect(item.createdAt).toBeInstanceOf(Date);
      }
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(wanted);
    expect(pages).toBe(3);
    const first = await anyone().reports.feed({ text: "number 22" });
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ supportCount: 22, status: "submitted" });
    expect(JSON.stringify(first)).not.toMatch(/reporter/);
  });

  it("filters by status and category", async () => {
    await seed([
      { lat: 12.97, lng: 77.59, status: "resolved", category: "garbage", title: "Resolved garbage" },
      { lat: 12.97, lng: 77.59, status: "submitted", category: "garbage", title: "New garbage" },
      { lat: 12.97, lng: 77.59, status: "submitted", category: "roads", title: "New road" },
    ]);
    const titles = async (f: object) => (await anyone().reports.feed(f)).items.map((r) => r.title);
    expect(await titles({ status: "submitted", category: "garbage" })).toEqual(["New garbage"]);
    expect(await titles({ status: "resolved" })).toEqual(["Resolved garbage"]);
    expect(await titles({ category: "roads" })).toEqual(["New road"]);
  });
});

describe("reports.similar", () => {
  const here = { latitude: 12.9716, longitude: 77.5946 };
  /** A point `metres` north of here. */
  const north = (metres: number) => ({ lat: here.latitude + metres / 111_320, lng: here.longitude });

  it("ranks open reports within the radius by nearness and likeness, at most five", async () => {
    await seed([
      { ...north(150), title: "Deep pothole near the bus stop", category: "roads" },
      { ...north(20), title: "Overflowing garbage bin", category: "garbage" },
      { ...north(60), title: "Pothole near bus stop, very deep", category: "roads" },
      { ...north(100), title: "Streetlight flickering", category: "streetlights" },
      { ...north(120), title: "Tree branch hanging low", category: "trees_parks" },
      { ...north(140), title: "Water pipe burst", category: "water_supply" },
      { ...north(170), title: "Stray dogs", category: "other" },
      { ...north(10), title: "Deep pothole near the bus stop", status: "resolved" },
      { ...north(5), title: "Deep pothole near the bus stop", status: "duplicate" },
      { ...north(5), title: "Deep pothole near the bus stop", status: "rejected" },
      { ...north(260), title: "Deep pothole near the bus stop" },
    ]);
    const { items } = await anyone().reports.similar({ ...here, title: "Deep pothole near the bus stop", category: "roads" });
    expect(items).toHaveLength(5);
    expect(items.map((r) => r.title).slice(0, 2)).toEqual(["Pothole near bus stop, very deep", "Deep pothole near the bus stop"]);
    expect(items[1]).toMatchObject({ similarity: 1, status: "submitted" });
    expect(items[1]!.distanceMeters).toBeGreaterThan(145);
    expect(items[1]!.distanceMeters).toBeLessThan(155);
    for (const r of items) expect(r.distanceMeters).toBeLessThanOrEqual(200);
    expect(items.map((r) => r.title)).not.toContain("Stray dogs");

    const wide = await anyone().reports.similar({ ...here, title: "Deep pothole near the bus stop", radiusMeters: 300 });
    expect(wide.items.map((r) => r.distanceMeters).some((d) => d > 250)).toBe(true);
    const tight = await anyone().reports.similar({ ...here, title: "", radiusMeters: 30 });
    expect(tight.items.map((r) => r.title)).toEqual(["Overflowing garbage bin"]);
  });

  it("offers moderators the possible duplicates of a report and its support count, leaving out itself and closed reports", async () => {
    const [subject, twin, , far] = await seed([
      { ...north(0), title: "Deep pothole near the bus stop", supports: 7 },
      { ...north(30), title: "Deep pothole near bus stop" },
      { ...north(40), title: "Deep pothole near the bus stop", status: "duplicate" },
      { ...north(900), title: "Deep pothole near the bus stop" },
    ]);
    const mod = await createUser(db(), { role: "moderator" });
    const panel = await callerFor(db(), mod).admin.report({ id: subject! });
    expect(panel.supportCount).toBe(7);
    expect(panel.possibleDuplicates.map((d) => d.id)).toEqual([twin]);
    expect(panel.possibleDuplicates[0]).toMatchObject({ title: "Deep pothole near bus stop", status: "submitted", supportCount: 0 });
    expect(panel.possibleDuplicates.map((d) => d.id)).not.toContain(far);
    const queue = await callerFor(db(), mod).admin.queue({ status: "submitted" });
    expect(queue.items.find((r) => r.id === subject)?.supportCount).toBe(7);
  });
});

describe("bad input is a 400 naming the field", () => {
  const bbox = BANGALORE;
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["map", "inverted bbox", { bbox: { ...bbox, south: 13.2 }, zoom: 12 }, "bbox.south"],
    ["map", "west out of range", { bbox: { ...bbox, west: -200 }, zoom: 12 }, "bbox.west"],
    ["map", "north out of range", { bbox: { ...bbox, north: 91 }, zoom: 12 }, "bbox.north"],
    ["map", "NaN east", { bbox: { ...bbox, east: Number.NaN }, zoom: 12 }, "bbox.east"],
    ["map", "no bbox", { zoom: 12 }, "bbox"],
    ["map", "zoom 21", { bbox, zoom: 21 }, "zoom"],
    ["map", "zoom -1", { bbox, zoom: -1 }, "zoom"],
    ["map", "fractional zoom", { bbox, zoom: 12.5 }, "zoom"],
    ["map", "a box wider than a screen", { bbox: { west: -180, south: -85, east: 180, north: 85 }, zoom: 12 }, "bbox"],
    ["map", "text over 100", { bbox, zoom: 12, text: "x".repeat(101) }, "text"],
    ["map", "a megabyte of text", { bbox, zoom: 12, text: "%".repeat(1_000_000) }, "text"],
    ["map", "two letters", { bbox, zoom: 12, text: "ab" }, "text"],
    ["map", "a rejected filter", { bbox, zoom: 12, status: "rejected" }, "status"],
    ["feed", "text over 100", { text: "_".repeat(101) }, "text"],
    ["feed", "NUL in text", { text: "pot\u0000hole" }, "text"],
    ["feed", "inverted bbox", { bbox: { ...bbox, south: 13.2 } }, "bbox.south"],
    ["feed", "rejected", { status: "rejected" }, "status"],
    ["feed", "a category that is not", { category: "potholes" }, "category"],
    ["feed", "a forged cursor", { cursor: "not a cursor" }, "cursor"],
    ["similar", "radius over the maximum", { latitude: 12.97, longitude: 77.59, title: "x", radiusMeters: 5000 }, "radiusMeters"],
    ["similar", "latitude out of range", { latitude: 95, longitude: 77.59, title: "x" }, "latitude"],
    ["similar", "NUL in the title", { latitude: 12.97, longitude: 77.59, title: "x\u0000" }, "title"],
    ["similar", "a long description", { latitude: 12.97, longitude: 77.59, title: "x", description: "d".repeat(2001) }, "description"],
  ];
  it.each(cases)("reports.%s: %s", async (proc, _what, input, field) => {
    const call = (anyone().reports as unknown as Record<string, (i: unknown) => Promise<unknown>>)[proc]!;
    const err = await trpcFailure(call(input));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message.startsWith(`${field}:`), err.message).toBe(false);
    expect((err.cause as AppError).field).toBe(field);
  });

  it("over HTTP too: 400 with the field, never a 5xx", async () => {
    const target = await productionHandlerTarget();
    try {
      const get = async (path: string, input: unknown) => {
        const res = await target.send(new Request(`${target.baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`));
        return { status: res.status, body: (await res.json()) as { error?: { json: { data: { field: string | null } } } } };
      };
      for (const [path, input, field] of [
        ["reports.map", { bbox: { ...bbox, south: 14 }, zoom: 12 }, "bbox.south"],
        ["reports.map", { bbox, zoom: 30 }, "zoom"],
        ["reports.feed", { text: "100%' or 1=1 --\\" }, null],
        ["reports.similar", { latitude: 12.97, longitude: 77.59, title: "x", radiusMeters: 1001 }, "radiusMeters"],
      ] as const) {
        const answer = await get(path, input);
        expect(answer.status, `${path} ${JSON.stringify(input)}`).toBe(field ? 400 : 200);
        if (field) expect(answer.body.error?.json.data.field).toBe(field);
      }
    } finally {
      await target.close();
    }
  });
});
