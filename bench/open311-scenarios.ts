import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import type { Request } from "autocannon";
import type { BenchContext, BenchOptions, Scenario } from "./scenarios";

/**
 * Open311 GeoReport v2 at city scale (ADR 0021), part of `npm run bench -- --city` (a database seeded
 * with `npm run db:seed -- --reports 1000000`). GET requests.json over date ranges drawn from the
 * seeded years, at the spec's defaults (1000 rows a page) and at a small page; POST requests.json with
 * one key at 100 req/s.
 */
const DURATION = 20;
const DAY_MS = 86_400_000;

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

/** Date ranges of `days` ending at random points of the last 5 years of reports. */
function ranges(newest: Date, days: number, count: number, pageSize?: number): string[] {
  return Array.from({ length: count }, () => {
    const end = new Date(newest.getTime() - Math.floor(Math.random() * 5 * 365) * DAY_MS);
    const start = new Date(end.getTime() - days * DAY_MS);
    return `/open311/v2/requests.json?start_date=${start.toISOString()}&end_date=${end.toISOString()}${pageSize ? `&page_size=${pageSize}` : ""}`;
  });
}

function rotating(paths: string[]): Request[] {
  let n = 0;
  return [{ method: "GET", path: paths[0]!, setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length]! }) }];
}

const newest = (ctx: BenchContext) => withClient(ctx, async (c) => new Date((await c.query("select max(created_at) as at from reports")).rows[0].at as string));

export const open311Scenarios: Scenario[] = [
  {
    name: "city-open311: GET requests.json, 30-day range, 1000 rows",
    prepare: async (ctx): Promise<BenchOptions> => ({ requests: rotating(ranges(await newest(ctx), 30, 500)), overallRate: 4, duration: DURATION }),
  },
  {
    name: "city-open311: GET requests.json, 30-day range, page_size=50",
    prepare: async (ctx): Promise<BenchOptions> => ({ requests: rotating(ranges(await newest(ctx), 30, 500, 50)), overallRate: 20, duration: DURATION }),
  },
  ...[20, 100].map((rate) => ({
    name: `city-open311: POST requests.json at ${rate} req/s`,
    prepare: async (ctx: BenchContext): Promise<BenchOptions> => {
      // A key as `npm run open311:key` makes it: its client's account and only the key's hash.
      const key = `o311_${randomBytes(32).toString("base64url")}`;
      await withClient(ctx, async (c) => {
        const id = crypto.randomUUID();
        const user = await c.query(`insert into users (phone, name, notification_prefs) values ($1, 'Bench client', '{"status_change":"none"}') returning id`, [`open311:${id}`]);
        await c.query(`insert into open311_keys (id, name, key_hash, key_prefix, client_user_id, requests_per_hour) values ($1, 'Bench client', $2, $3, $4, 100000)`, [
          id,
          createHash("sha256").update(key).digest("hex"),
          key.slice(0, 11),
          user.rows[0].id,
        ]);
      });
      let n = 0;
      return {
        overallRate: rate,
        duration: DURATION,
        requests: [
          {
            method: "POST",
            path: "/open311/v2/requests.json",
            setupRequest: (req) => {
              const i = n++;
              const body = new URLSearchParams({
                api_key: key,
                service_code: "roads",
                lat: String(12.9 + (i % 1000) / 10_000),
                long: String(77.5 + (i % 997) / 10_000),
                description: `A deep pothole near house number ${i} has been growing for a week.`,
                "attribute[severity]": "high",
              });
              return { ...req, headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() };
            },
          },
        ],
      };
    },
  })),
];
