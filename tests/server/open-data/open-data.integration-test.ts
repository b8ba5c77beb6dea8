import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as atomGET } from "@/app/api/open-data/feed.atom/route";
import { GET as csvGET } from "@/app/api/open-data/reports.csv/route";
import { GET as geojsonGET } from "@/app/api/open-data/reports.geojson/route";
import type { DB } from "@/server/db/client";
import { csvFormat } from "@/server/domain/open-data/export-formats";
import { exportStream } from "@/server/domain/open-data/export-stream";
import { computeReportStats, reportStats, STATS_CACHE_MS } from "@/server/domain/open-data/report-stats";
import { useTestDb } from "../../support/test-db";

const getDb = useTestDb();
let ipCounter = 0;
/** Each request from an address of its own, so the per-address limit is tested only where meant. */
const get = (path: string, ip = `198.51.100.${++ipCounter}`) =>
  new Request(`http://localhost:3000${path}`, { headers: { "x-forwarded-for": ip, "accept-language": "en" } });

const HOUR = 3600 * 1000;
const T0 = new Date("2026-03-02T06:00:00Z");

interface Seed {
  reporterId: string;
  status: string;
  category: string | null;
  createdAt: Date;
  title?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  /** Hours after filing that staff acknowledged it, and that it was resolved. */
  ackAfter?: number;
  resolvedAfter?: number;
}

async function seedReport(db: DB, s: Seed): Promise<{ id: string; ref: string }> {
  const row = await db
    .insertInto("reports")
    .values({
      reporter_id: s.reporterId,
      title: s.title ?? "Broken streetlight by the school",
      description: s.description ?? "The light has been out for a week.",
      category: s.category,
      citizen_severity: "medium",
      severity: "medium",
      latitude: s.latitude ?? 12.9716,
      longitude: s.longitude ?? 77.5946,
      status: s.status as never,
      created_at: s.createdAt,
      updated_at: s.createdAt,
    })
    .returning(["id", "ref"])
    .executeTakeFirstOrThrow();
  const updates: { to: string; at: Date }[] = [{ to: "submitted", at: s.createdAt }];
  if (s.ackAfter !== undefined) updates.push({ to: "acknowledged", at: new Date(s.createdAt.getTime() + s.ackAfter * HOUR) });
  if (s.resolvedAfter !== undefined) updates.push({ to: "resolved", at: new Date(s.createdAt.getTime() + s.resolvedAfter * HOUR) });
  for (const u of updates) {
    await db
      .insertInto("report_updates")
      .values({ report_id: row.id, kind: u.to === "submitted" ? "submitted" : "status_changed", to_status: u.to, created_at: u.at })
      .execute();
  }
  return row;
}

async function body(res: Response): Promise<string> {
  return await res.text();
}

/** Every phone and email seeded, and the reporters' ids: none may appear in an export. */
const secrets: string[] = [];
let reporterA = "";
let reporterB = "";
const refs: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  const people = [
    { phone: "+919812345601", email: "asha.private@example.org", name: "Asha Verma" },
    { phone: "+919812345602", email: "ravi+reports@example.net", name: "Ravi Kumar" },
  ];
  const ids: string[] = [];
  for (const p of people) {
    const u = await db.insertInto("users").values({ phone: p.phone, email: p.email, name: p.name, role: "citizen" }).returning("id").executeTakeFirstOrThrow();
    ids.push(u.id);
    secrets.push(p.phone, p.phone.slice(1), p.phone.slice(3), p.email, p.name, u.id);
  }
  [reporterA, reporterB] = ids as [string, string];
  refs.a = (await seedReport(db, { reporterId: reporterA, status: "resolved", category: "roads", createdAt: T0, ackAfter: 2, resolvedAfter: 10,
    title: '=HYPERLINK("http://evil.example","click")', description: 'Quotes "here", commas, and\na new line' })).ref;
  refs.b = (await seedReport(db, { reporterId: reporterB, status: "acknowledged", category: "garbage", createdAt: new Date(T0.getTime() + 24 * HOUR), ackAfter: 4 })).ref;
  refs.c = (await seedReport(db, { reporterId: reporterA, status: "submitted", category: null, createdAt: new Date(T0.getTime() + 48 * HOUR), latitude: 13.2, longitude: 77.6 })).ref;
  refs.rejected = (await seedReport(db, { reporterId: reporterB, status: "rejected", category: "roads", createdAt: new Date(T0.getTime() + 72 * HOUR),
    title: "Spam from the rejected report", description: "call me on +919812345602 or ravi+reports@example.net" })).ref;
  refs.old = (await seedReport(db, { reporterId: reporterB, status: "resolved", category: "roads", createdAt: new Date("2010-06-01T00:00:00Z"), ackAfter: 1, resolvedAfter: 5 })).ref;
});

describe("GET /api/open-data/reports.csv", () => {
  it("streams public reports, oldest first, with their acknowledged and resolved times, escaped", async () => {
    const res = await csvGET(get("/api/open-data/reports.csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="civiclens-reports-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const text = await body(res);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("ref,url,category,status,severity,priority,title,description,latitude,longitude,created_at,acknowledged_at,resolved_at");
    expect(text).not.toContain(refs.rejected);
    expect(text).not.toContain("Spam from the rejected report");
    const order = [refs.old, refs.a, refs.b, refs.c].map((r) => text.indexOf(`${r},`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(text).toContain(`${refs.a},http://localhost:3000/reports/${refs.a},roads,resolved,medium,,"'=HYPERLINK(""http://evil.example"",""click"")","Quotes ""here"", commas, and\na new line",12.9716,77.5946,2026-03-02T06:00:00.000Z,2026-03-02T08:00:00.000Z,2026-03-02T16:00:00.000Z\r\n`);
    expect(text).toContain(`${refs.c},http://localhost:3000/reports/${refs.c},,submitted,medium,,`);
  });

  it("filters by date range, status and category", async () => {
    const march = await body(await csvGET(get("/api/open-data/reports.csv?from=2026-03-01&to=2026-03-03")));
    expect([march.includes(refs.a!), march.includes(refs.b!), march.includes(refs.c!), march.includes(refs.old!)]).toEqual([true, true, false, false]);
    const resolved = await body(await csvGET(get("/api/open-data/reports.csv?status=resolved")));
    expect([resolved.includes(refs.a!), resolved.includes(refs.old!), resolved.includes(refs.b!)]).toEqual([true, true, false]);
    const garbage = await body(await csvGET(get("/api/open-data/reports.csv?category=garbage&from=2000-01-01&to=2026-12-31")));
    expect(garbage.trim().split("\r\n")).toHaveLength(2);
    expect(garbage).toContain(refs.b);
  });

  it("filters by the responsible body, and refuses a body that does not exist", async () => {
    const db = getDb();
    const ward = await db.insertInto("bodies").values({ slug: "ward-7", name: "Ward 7 office", categories: ["garbage"], is_default: true, boundary: null }).returning("id").executeTakeFirstOrThrow();
    await db.updateTable("reports").set({ body_id: ward.id }).where("ref", "=", refs.b!).execute();
    const res = await csvGET(get("/api/open-data/reports.csv?body=ward-7"));
    expect(res.headers.get("content-disposition")).toMatch(/filename="civiclens-reports-ward-7-/);
    const rows = (await body(res)).trim().split("\r\n").slice(1);
    expect(rows.map((r) => r.split(",")[0])).toEqual([refs.b]);
    for (const [query, status] of [["body=ward-8", 400], ["body=Ward%207", 400]] as const) {
      const refused = await csvGET(get(`/api/open-data/reports.csv?${query}`));
      expect(refused.status, query).toBe(status);
      expect(((await refused.json()) as { error: { field: string } }).error.field).toBe("body");
    }
  });

  it("never carries a reporter's identity or contact data, in CSV or GeoJSON", async () => {
    const csv = await body(await csvGET(get("/api/open-data/reports.csv")));
    const geojson = await body(await geojsonGET(get("/api/open-data/reports.geojson")));
    expect(csv).toContain(refs.a);
    expect(geojson).toContain(refs.a);
    for (const secret of secrets) {
      expect(csv, secret).not.toContain(secret);
      expect(geojson, secret).not.toContain(secret);
    }
  });

  it("answers bad input with a 400 naming the field, before reading anything", async () => {
    const cases: [string, string][] = [
      ["from=not-a-date", "from"],
      ["from=2026-03-01&to=2026-01-01", "to"],
      ["status=rejected", "status"],
      ["status=closed", "status"],
      ["category=potholes", "category"],
      ["category=roads%00", "category"],
      ["to=2026-01-01%00", "to"],
    ];
    for (const [query, field] of cases) {
      const res = await csvGET(get(`/api/open-data/reports.csv?${query}`));
      expect(res.status, query).toBe(400);
      const answer = (await res.json()) as { error: { code: string; field: string; message: string } };
      expect(answer.error).toMatchObject({ code: "INVALID_INPUT", field });
    }
  });

  it("limits downloads per address with a 429 and Retry-After", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 30; i++) {
      const res = await csvGET(get("/api/open-data/reports.csv?category=electricity", ip));
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    const refused = await csvGET(get("/api/open-data/reports.csv?category=electricity", ip));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect((await csvGET(get("/api/open-data/reports.csv?category=electricity", "192.0.2.78"))).status).toBe(200);
  });
});

describe("GET /api/open-data/reports.geojson", () => {
  it("is a FeatureCollection of public reports, longitude first", async () => {
    const res = await geojsonGET(get("/api/open-data/reports.geojson?status=submitted"));
    expect(res.headers.get("content-type")).toBe("application/geo+json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/civiclens-reports-submitted-\d{4}-\d{2}-\d{2}\.geojson"$/);
    const doc = JSON.parse(await body(res)) as { type: string; features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(doc.type).toBe("FeatureCollection");
    expect(doc.features).toHaveLength(1);
    expect(doc.features[0]!.geometry.coordinates).toEqual([77.6, 13.2]);
    expect(Object.keys(doc.features[0]!.properties).sort()).toEqual(
      ["acknowledged_at", "category", "created_at", "description", "priority", "ref", "resolved_at", "severity", "status", "title", "url"].sort(),
    );
  });

  it("is valid JSON when nothing matches", async () => {
    const doc = JSON.parse(await body(await geojsonGET(get("/api/open-data/reports.geojson?category=electricity"))));
    expect(doc).toEqual({ type: "FeatureCollection", features: [] });
  });
});

describe("streaming", () => {
  it("reads the database a batch at a time, only as the reader takes them, and misses or repeats no row", { timeout: 120_000 }, async () => {
    const db = getDb();
    // Many reports in the same microsecond-precise instants, so the keyset has ties to get right.
    await sql`
      insert into reports (reporter_id, title, description, category, citizen_severity, severity, latitude, longitude, status, created_at, updated_at)
      select ${reporterA}::uuid, 'Overflowing bin ' || g, 'Bin ' || g, 'environment', 'low', 'low', 12.9 + g * 0.00001, 77.5, 'submitted',
             timestamptz '2025-01-01 00:00:00.123456+00' + (g / 7) * interval '1 second', timestamptz '2025-01-01'
      from generate_series(1, 300) g
    `.execute(db);
    let queries = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const stream = exportStream(counting, { category: "environment" }, csvFormat("http://localhost:3000"), 40);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text.startsWith("ref,")).toBe(true);
    text += decoder.decode((await reader.read()).value);
    // Two chunks taken (the header and one batch) and time to read ahead: only one more batch is read, to refill the queue of one chunk.
    await new Promise((r) => setTimeout(r, 300));
    expect(queries).toBe(2);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(queries).toBe(8);
    const rows = text.trim().split("\r\n").slice(1);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.split(",")[0])).size).toBe(300);
  });

  it("stops reading when the reader goes away", async () => {
    const db = getDb();
    let queries = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const reader = exportStream(counting, { category: "environment" }, csvFormat("http://localhost:3000"), 40).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const after = queries;
    await new Promise((r) => setTimeout(r, 300));
    expect(queries).toBe(after);
    expect(after).toBeLessThanOrEqual(2);
  });
});

describe("GET /api/open-data/feed.atom", () => {
  const parser = new XMLParser({ ignoreAttributes: false });
  type Entry = { title: { "#text": string }; id: string; link: { "@_href": string }; category?: { "@_term": string } };
  const entriesOf = (xml: string): Entry[] => {
    const doc = parser.parse(xml) as { feed: { entry?: Entry | Entry[] } };
    const e = doc.feed.entry;
    return e === undefined ? [] : Array.isArray(e) ? e : [e];
  };

  it("is valid Atom of the newest public reports, linking to their pages", async () => {
    const res = await atomGET(get("/api/open-data/feed.atom?category=roads"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await body(res);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as { feed: { "@_xmlns": string; title: string } };
    expect(doc.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(doc.feed.title).toBe("CivicLens: new reports (Roads & potholes)");
    const entries = entriesOf(xml);
    expect(entries.map((e) => e.link["@_href"])).toEqual([`http://localhost:3000/reports/${refs.a}`, `http://localhost:3000/reports/${refs.old}`]);
    expect(entries[0]!.category?.["@_term"]).toBe("roads");
    for (const secret of secrets) expect(xml).not.toContain(secret);
  });

  it("shows a citizen's words as text, never as markup, and stays well-formed", async () => {
    const db = getDb();
    const hostile = await seedReport(db, { reporterId: reporterA, status: "submitted", category: "drainage", createdAt: new Date("2024-06-01T00:00:00Z"),
      title: '<script>alert("x")</script> ]]> & more', description: "<img src=x onerror=alert(1)>]]><![CDATA[" });
    const xml = await body(await atomGET(get("/api/open-data/feed.atom?category=drainage")));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<img");
    const [entry] = entriesOf(xml);
    expect(entry!.title["#text"]).toBe(`${hostile.ref}: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &amp; more`);
  });

  it("narrows to a circle around a point", async () => {
    const near = entriesOf(await body(await atomGET(get("/api/open-data/feed.atom?lat=13.2&lon=77.6&radius=500"))));
    expect(near.map((e) => e.link["@_href"])).toEqual([`http://localhost:3000/reports/${refs.c}`]);
    const none = await body(await atomGET(get("/api/open-data/feed.atom?lat=20&lon=80&radius=5000")));
    expect(XMLValidator.validate(none)).toBe(true);
    expect(entriesOf(none)).toEqual([]);
  });

  it("answers bad input with a 400 naming the field", async () => {
    for (const [query, field] of [["lat=13&lon=77&radius=6000", "radius"], ["lat=13&radius=100", "lon"], ["category=spam", "category"], ["lat=1%003", "lat"]]) {
      const res = await atomGET(get(`/api/open-data/feed.atom?${query}`));
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });
});

describe("computeReportStats", () => {
  it("counts per category and month, the share resolved and the median times, rejected reports aside", async () => {
    const stats = await computeReportStats(getDb(), "month", new Date("2026-03-20T00:00:00Z"));
    expect(stats.periods).toHaveLength(12);
    expect(stats.periods.at(-1)).toBe("2026-03-01");
    expect(stats.periods[0]).toBe("2025-04-01");
    const march = stats.periods.indexOf("2026-03-01");
    const counts = Object.fromEntries(stats.byCategory.map((c) => [c.category, c.counts[march]]));
    expect(counts).toEqual({ garbage: 1, roads: 1, uncategorised: 1 });
    expect(stats.overall).toEqual({ total: 3, resolved: 1, medianHoursToAcknowledge: 3, medianHoursToResolve: 10 });
    expect(stats.byPeriod[march]).toEqual(stats.overall);
    expect(stats.byPeriod[0]).toEqual({ total: 0, resolved: 0, medianHoursToAcknowledge: null, medianHoursToResolve: null });
  });

  it("is counted once per period kind while cached, then again", async () => {
    const db = getDb();
    const now = Date.now();
    const first = reportStats(db, "month", now);
    expect(reportStats(db, "month", now + STATS_CACHE_MS - 1)).toBe(first);
    expect(reportStats(db, "week", now)).not.toBe(first);
    const later = reportStats(db, "month", now + STATS_CACHE_MS + 1);
    expect(later).not.toBe(first);
    await Promise.all([first, later]);
  });

  it("groups by week", async () => {
    const stats = await computeReportStats(getDb(), "week", new Date("2026-03-05T00:00:00Z"));
    expect(stats.periods).toHaveLength(13);
    expect(stats.periods.at(-1)).toBe("2026-03-02");
    expect(stats.overall.total).toBe(3);
  });
});
