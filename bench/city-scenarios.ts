import { randomUUID } from "node:crypto";
import type { Request } from "autocannon";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { PROLIFIC_CITIZEN_PHONE } from "../scripts/city-catalog";
import { open311Scenarios } from "./open311-scenarios";
import type { BenchContext, BenchOptions, Scenario } from "./scenarios";

/**
 * `npm run bench -- --city`: the public map, feed and support at city scale, against a database
 * already seeded with `npm run db:seed -- --reports 1000000` (DATABASE_URL). Every scenario is an
 * open loop at RATE req/s; the floor (system.ping) is measured in the same run, first.
 * Viewports are 1280 x 800 px (Web Mercator at 256 px tiles) centred on reports drawn at random,
 * so they fall where the reports are: around the hotspots.
 */
const RATE = 50;
const DURATION = 20;
const VIEWPORT = { width: 1280, height: 800 };
const TEXTS = ["pothole", "streetlight", "garbage", "water", "drain", "tree branch", "manhole", "dust"];
const OPEN = ["submitted", "under_review", "acknowledged", "in_progress"];

const json = { "content-type": "application/json" };
const query = (procedure: string, input: unknown) => `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

/** The bbox a viewport of VIEWPORT pixels shows at `zoom` around a point. */
export function viewport(latitude: number, longitude: number, zoom: number) {
  const degreesPerPixel = 360 / (256 * 2 ** zoom);
  const halfWidth = (VIEWPORT.width / 2) * degreesPerPixel;
  const halfHeight = (VIEWPORT.height / 2) * degreesPerPixel * Math.cos((latitude * Math.PI) / 180);
  return { west: longitude - halfWidth, south: latitude - halfHeight, east: longitude + halfWidth, north: latitude + halfHeight };
}

/** Cycles through `paths` (GET requests, with a session cookie from `cookies` when given). */
function rotating(paths: string[], cookies?: string[]): Request[] {
  let n = 0;
  return [
    {
      method: "GET",
      path: paths[0]!,
      setupRequest: (req) => {
        const i = n++;
        const headers: Record<string, string> = cookies ? { cookie: cookies[i % cookies.length]! } : {};
        return { ...req, path: paths[i % paths.length]!, headers };
      },
    },
  ];
}

async function withClient<T>(ctx: BenchContext, run: (c: pg.Client) => Promise<T>): Promise<T> {
  if (!ctx.databaseUrl) throw new Error("--city needs DATABASE_URL: a database seeded with `npm run db:seed -- --reports 1000000`");
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const cookieFor = async (ctx: BenchContext, u: { id: string; phone: string; role: "citizen" | "moderator"; session_epoch: number }) =>
  `next-auth.session-token=${await encode({ token: { uid: u.id, role: u.role, phone: u.phone, sub: u.id, sid: randomUUID(), epoch: u.session_epoch }, secret: ctx.authSecret })}`;

/** Points to centre viewports on: reports drawn at random, so as dense as the reports themselves. */
async function hotspotPoints(ctx: BenchContext, count: number): Promise<{ latitude: number; longitude: number; title: string }[]> {
  return withClient(ctx, async (c) => (await c.query(`select latitude, longitude, title from reports tablesample system (1) where status = any($1) limit $2`, [OPEN, count])).rows);
}

/** tRPC's answer to a GET. */
async function call<T>(ctx: BenchContext, path: string): Promise<T> {
  const res = await fetch(ctx.baseUrl + path);
  if (!res.ok) throw new Error(`${path.split("?")[0]} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

const open = (requests: Request[]): BenchOptions => ({ requests, overallRate: RATE, duration: DURATION });

export const cityScenarios: Scenario[] = [
  {
    name: "city-floor: system.ping",
    prepare: async () => open([{ method: "GET", path: "/api/trpc/system.ping" }]),
  },
  {
    name: "city-feed-first: the feed's first page",
    prepare: async () => open([{ method: "GET", path: query("reports.feed", {}) }]),
  },
  {
    name: "city-feed-deep: the feed's page 200, by cursor",
    prepare: async (ctx) => {
      let cursor: string | null = null;
      for (let page = 1; page < 200; page++) {
        const answer: { nextCursor: string | null } = await call(ctx, query("reports.feed", cursor ? { cursor } : {}));
        cursor = answer.nextCursor;
        if (!cursor) throw new Error(`the feed ended at page ${page}: seed more reports`);
      }
      return open([{ method: "GET", path: query("reports.feed", { cursor }) }]);
    },
  },
  {
    name: "city-feed-text: the feed searched by text",
    prepare: async () => open(rotating(TEXTS.map((text) => query("reports.feed", { text })))),
  },
  {
    name: "city-map-z12: the map at city zoom (12)",
    prepare: async (ctx) => open(rotating((await hotspotPoints(ctx, 50)).map((p) => query("reports.map", { bbox: viewport(p.latitude, p.longitude, 12), zoom: 12 })))),
  },
  {
    name: "city-map-z17: the map at street zoom (17)",
    prepare: async (ctx) => open(rotating((await hotspotPoints(ctx, 200)).map((p) => query("reports.map", { bbox: viewport(p.latitude, p.longitude, 17), zoom: 17 })))),
  },
  {
    name: "city-similar: reports.similar where a report is being filed",
    prepare: async (ctx) =>
      open(
        rotating(
          // As the form asks: where an open report is, with a title like the citizen would type.
          (await hotspotPoints(ctx, 200)).map((p, i) => query("reports.similar", { latitude: p.latitude + 0.0003, longitude: p.longitude - 0.0002, title: i % 2 ? p.title : p.title.split(" near ")[0] })),
        ),
      ),
  },
  {
    name: "city-admin-queue: admin.queue by status and category (moderator)",
    prepare: async (ctx) => {
      const moderator = await withClient(ctx, async (c) => {
        const phone = `+1558${Date.now().toString().slice(-7)}`;
        return (await c.query(`insert into users (phone, name, role) values ($1, 'Bench moderator', 'moderator') returning id, phone, role, session_epoch`, [phone])).rows[0];
      });
      const cookie = await cookieFor(ctx, moderator);
      const filters = ["under_review", "acknowledged", "in_progress"].flatMap((status) => ["roads", "garbage", "streetlights", "drainage"].map((category) => ({ status, category })));
      return open(rotating(filters.map((f) => query("admin.queue", f)), [cookie]));
    },
  },
  {
    name: "city-mine: reports.mine for the citizen with 500 reports",
    prepare: async (ctx) => {
      const user = await withClient(ctx, async (c) => (await c.query(`select id, phone, role, session_epoch from users where phone = $1`, [PROLIFIC_CITIZEN_PHONE])).rows[0]);
      if (!user) throw new Error(`no citizen ${PROLIFIC_CITIZEN_PHONE}: seed the city first`);
      return open(rotating([query("reports.mine", {})], [await cookieFor(ctx, user)]));
    },
  },
  {
    name: "city-support: reports.support by many citizens (a write)",
    prepare: async (ctx) => {
      // 2,000 seeded citizens, each signed in, supporting open reports none of them filed: pairs
      // (citizen i mod 2000, report i mod 499) do not repeat within a run.
      const { citizens, reports } = await withClient(ctx, async (c) => {
        const citizens = (await c.query(`select id, phone, role, session_epoch from users where role = 'citizen' and phone like '+917%' order by random() limit 2000`)).rows;
        const reports = (
          await c.query(`select id from reports tablesample system (1) where status = any($1) and reporter_id <> all($2::uuid[]) limit 499`, [OPEN, citizens.map((u) => u.id)])
        ).rows.map((r) => r.id as string);
        return { citizens, reports };
      });
      const cookies = await Promise.all(citizens.map((u) => cookieFor(ctx, u)));
      let n = 0;
      return open([
        {
          method: "POST",
          path: "/api/trpc/reports.support",
          setupRequest: (req) => {
            const i = n++;
            return { ...req, headers: { ...json, cookie: cookies[i % cookies.length]! }, body: JSON.stringify({ json: { reportId: reports[i % reports.length] } }) };
          },
        },
      ]);
    },
  },
  ...open311Scenarios,
];
