import { randomUUID } from "node:crypto";
import type { Options, Request } from "autocannon";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { reportBody } from "./lib/report-load";

export interface BenchContext {
  baseUrl: string;
  databaseUrl?: string;
  authSecret: string;
}

/** autocannon's options, and for open-loop scenarios compared with each other, their turns. */
export interface BenchOptions extends Omit<Options, "url"> {
  /**
   * Scenarios measured in turns of `window` seconds each (A B, B A, ...) at `overallRate`, each for
   * `duration` seconds in all: a ratio between them is then not skewed by the machine's speed
   * drifting between two runs a minute apart. Each side gets its own row.
   */
  interleave?: { window: number; sides: { name: string; requests: Request[] }[] };
}

export interface Scenario {
  name: string;
  /** Builds the load's options; may create users or data through the API first. */
  prepare(ctx: BenchContext): Promise<BenchOptions>;
}

const json = { "content-type": "application/json" };

/**
 * Every request asks for a code for a different valid Indian mobile number, from a client address of
 * its own among 65,536 (as behind a load balancer: the bench server runs with TRUST_PROXY=true).
 * From one address, the per-IP window the bench's raised limit lets grow would hold every hit of
 * the run, and each request would rewrite all of it; at the product's limit (20 an hour) it holds 20.
 */
function requestOtpRequests(offset: number): Request[] {
  let n = offset;
  return [
    {
      method: "POST",
      path: "/api/trpc/auth.requestOtp",
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          headers: { ...json, "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
          body: JSON.stringify({ json: { phone: `+91${9_000_000_000 + i}` } }),
        };
      },
    },
  ];
}

/**
 * Signed-in citizens of the bench's own: users inserted directly, each with a real next-auth session
 * cookie (a JWT signed with the server's secret), as a browser would hold after signing in.
 */
async function citizens(ctx: BenchContext, count: number): Promise<string[]> {
  if (!ctx.databaseUrl) throw new Error("the reports scenarios need DATABASE_URL (PostgreSQL)");
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const tag = Date.now().toString().slice(-6);
  const rows = (
    await client.query<{ id: string; phone: string }>(
      `insert into users (phone, name) select '+1555' || $1 || lpad(g::text, 4, '0'), 'Bench citizen ' || g from generate_series(1, $2) g returning id, phone`,
      [tag, count],
    )
  ).rows;
  await client.end();
  return Promise.all(
    rows.map(async (u) => {
      const jwt = await encode({ token: { uid: u.id, role: "citizen", phone: u.phone, sub: u.id, sid: randomUUID(), epoch: 0 }, secret: ctx.authSecret });
      return `next-auth.session-token=${jwt}`;
    }),
  );
}

function createReportRequests(cookies: string[]): Request[] {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/trpc/reports.create",
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          headers: { ...json, cookie: cookies[i % cookies.length]! },
          // As the report form sends: a key of its own for each report filed.
          body: reportBody(i, randomUUID()),
        };
      },
    },
  ];
}

export const scenarios: Scenario[] = [
  // One request at a time: the service time of each call, with no queueing behind other requests.
  {
    name: "serial-floor: system.ping, one connection",
    prepare: async () => ({ method: "GET", requests: [{ method: "GET", path: "/api/trpc/system.ping" }], connections: 1, duration: 10 }),
  },
  {
    name: "serial-reports-create: reports.create, one connection",
    prepare: async (ctx) => ({ requests: createReportRequests(await citizens(ctx, 200)), connections: 1, duration: 10 }),
  },
  {
    name: "request-otp: auth.requestOtp, open loop",
    prepare: async () => ({ requests: requestOtpRequests(0), overallRate: 100, connections: 50, duration: 15 }),
  },
  {
    name: "request-otp: auth.requestOtp, closed loop",
    prepare: async () => ({ requests: requestOtpRequests(10_000_000), connections: 10, duration: 15 }),
  },
  {
    // reports.create's target is relative to the floor's (p50 at most 2.5 x), so the two take turns.
    name: "floor-vs-reports: system.ping and reports.create in turns, open loop",
    prepare: async (ctx) => ({
      overallRate: 200,
      duration: 20,
      interleave: {
        window: 2,
        sides: [
          { name: "floor: system.ping (no-op tRPC query), open loop", requests: [{ method: "GET", path: "/api/trpc/system.ping" }] },
          { name: "reports-create: reports.create, open loop", requests: createReportRequests(await citizens(ctx, 200)) },
        ],
      },
    }),
  },
  {
    name: "reports-create-peak: reports.create, closed loop",
    prepare: async (ctx) => ({ requests: createReportRequests(await citizens(ctx, 200)), connections: 50, duration: 20 }),
  },
];

/**
 * Signed-in citizens with an (unverified) email, inserted directly like `citizens()`, so
 * profile.sendEmailVerification has an address to send to.
 */
async function citizensWithEmail(ctx: BenchContext, count: number): Promise<string[]> {
  if (!ctx.databaseUrl) throw new Error("the verify-email scenario needs DATABASE_URL (PostgreSQL)");
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const tag = Date.now().toString().slice(-6);
  const rows = (
    await client.query<{ id: string; phone: string }>(
      `insert into users (phone, name, email) select '+1556' || $1 || lpad(g::text, 4, '0'), 'Bench citizen ' || g, 'bench-' || $1 || '-' || g || '@example.com' from generate_series(1, $2) g returning id, phone`,
      [tag, count],
    )
  ).rows;
  await client.end();
  return Promise.all(
    rows.map(async (u) => `next-auth.session-token=${await encode({ token: { uid: u.id, role: "citizen", phone: u.phone, sub: u.id, sid: randomUUID(), epoch: 0 }, secret: ctx.authSecret })}`),
  );
}

scenarios.push({
  // The server's RESEND_BASE_URL points at a Resend stand-in that answers after 3,500 ms (bench/run.ts).
  // Inngest here is a sink that runs no functions, so the provider is never on the request path:
  // this measures that the request is the token + outbox write only, to compare with the floor.
  name: "verify-email: profile.sendEmailVerification (Resend answers in 3.5 s), open loop",
  prepare: async (ctx) => {
    const cookies = await citizensWithEmail(ctx, 200);
    let n = 0;
    return {
      requests: [
        {
          method: "POST",
          path: "/api/trpc/profile.sendEmailVerification",
          setupRequest: (req) => ({ ...req, headers: { ...json, cookie: cookies[n++ % cookies.length]! }, body: JSON.stringify({ json: null }) }),
        },
      ],
      overallRate: 100,
      connections: 50,
      duration: 15,
    };
  },
});
