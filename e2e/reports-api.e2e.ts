/**
 * Reports over HTTP against the production server (`npm run build` first) and the Inngest stand-in, through the real
 * /api/inngest route: reports.create -> outbox -> one `report/created` event -> award-reputation,
 * triage-report and record-audit, each once -> the report page, the feed, the reputation ledger.
 * Bad input and anonymous callers are refused with 4xx naming the field; a redelivered event id
 * starts nothing; the per-user limit (REPORTS_LIMIT_PER_USER=3 for this server) answers 429 with
 * Retry-After.
 *
 * The outbox row id is read from the database only with E2E_DATABASE_URL (a PGlite directory
 * belongs to the server process while it runs); on PGlite the test checks the id is the outbox's
 * kind of id (a UUID from gen_random_uuid), not one the stand-in made up. Sign-in codes come by
 * "Twilio" (a stand-in), as they would live. Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/reports-api.e2e.ts
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS, startE2E, type E2E } from "./support/app-server";
import {
  health,
  openEnvelope,
  randomIndianMobile,
  trpcMutation,
  trpcQuery,
  until,
  type SignedInCitizen,
} from "./support/http";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv, type TwilioStandin } from "./support/twilio-standin";

const AWARD = "civiclens-award-reputation";
const TRIAGE = "civiclens-triage-report";
const AUDIT = "civiclens-record-audit";
/** Every function report/created starts: these three, routing to a body, the service-level timers and area alerts. */
const REPORT_FUNCTIONS = [AWARD, TRIAGE, AUDIT, "civiclens-route-report", "civiclens-track-service-level", "civiclens-fan-out-area-alerts"];
const LIMIT_PER_USER = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REF = /^CL-\d{4}-\d{6}$/;

type Created = { id: string; ref: string; status: string; createdAt: Date };
type Page<T> = { items: T[]; nextCursor: string | null };
type ReportRow = { id: string; ref: string; title: string; status: string; category: string | null } & Record<string, unknown>;
type ReportDetail = {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string | null;
  priority: string | null;
  isOwner: boolean;
  triage: { classification: string | null; confidence: number | null } | null;
  timeline: { kind: string; toStatus: string | null }[];
  runs: { functionId: string; status: string; attempt: number; runId: string; error: string | null }[] | null;
};
type Ledger = { total: number; items: { points: number; reason: string; source_type: string; source_id: string; report: { id: string; ref: string; title: string } | null }[]; nextCursor: string | null };

const VALID = {
  title: "Deep pothole outside the bus stop",
  description: "A pothole about a metre wide has opened in front of the bus stop on 80 Feet Road; two-wheelers swerve into traffic to avoid it.",
  severity: "high",
  latitude: 12.9352,
  longitude: 77.6245,
  address: "80 Feet Road, Koramangala 4th Block",
} as const;

let e2e: E2E;
let twilio: TwilioStandin;
let citizen: SignedInCitizen;
/** /api/health gives its details to staff only. */
let moderator: SignedInCitizen;

beforeAll(async () => {
  const moderatorPhone = randomIndianMobile();
  twilio = await startTwilioStandin();
  e2e = await startE2E({
    name: "reports-api",
    server: "production",
    env: { ...MANY_SIGN_INS, ...twilioEnv(twilio), REPORTS_LIMIT_PER_USER: String(LIMIT_PER_USER) },
    staff: [{ phone: moderatorPhone, role: "moderator" }],
  });
  // The first tRPC request loads the server's modules; the timings below measure requests after it.
  const warm = await trpcQuery(e2e.url, "reports.feed", { limit: 1 });
  expect(warm.status, JSON.stringify(warm.raw)).toBe(200);
  citizen = await signInNewCitizenBySms(e2e.url, twilio);
  moderator = await signInNewCitizenBySms(e2e.url, twilio, moderatorPhone);
  await e2e.standin.waitForIdle(30_000);
});
afterAll(async () => {
  await e2e?.stop();
  await twilio?.close();
});

const reportEventsFor = (reportId: string) => e2e.standin.events().filter((e) => e.name === "report/created" && e.data.reportId === reportId);

/** The outbox row that carried `report/created` for this report, straight from PostgreSQL (E2E_DATABASE_URL only). */
async function outboxRowFor(reportId: string): Promise<{ id: string; sent_at: Date | null } | undefined> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; sent_at: Date | null }>(
      "select id, sent_at from event_outbox where name = 'report/created' and data->>'reportId' = $1",
      [reportId],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  } finally {
    await client.end();
  }
}

describe("filing a report over HTTP, through the real /api/inngest route", () => {
  let report: Created;
  let eventId = "";

  it("refuses bad input with 400 naming the field (never 5xx), and creates nothing", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["title", { ...VALID, title: "Pot" }, /^Title must be at least 5 characters/],
      ["title", { ...VALID, title: "   Pot     " }, /^Title must be at least 5 characters/], // trimmed first
      ["latitude", { ...VALID, latitude: 91 }, /^Latitude must be between -90 and 90/],
      ["longitude", { ...VALID, longitude: -180.5 }, /^Longitude must be between -180 and 180/],
      ["latitude", { ...VALID, latitude: "12.9" }, /^Latitude must be a number/],
      ["severity", { ...VALID, severity: "x" }, /^Severity must be one of low, medium, high, critical/],
      ["category", { ...VALID, category: "potholes" }, /^Category must be one of roads, /],
      ["description", { ...VALID, description: undefined }, /^Description is required/],
    ];
    for (const [field, input, message] of cases) {
      const r = await trpcMutation(e2e.url, "reports.create", input, citizen.jar);
      const what = `${field} ${JSON.stringify(input[field])}: ${JSON.stringify(r.raw)}`;
      expect(r.status, what).toBe(400);
      expect(r.error?.message, what).toMatch(message);
      expect(r.error?.data.field, what).toBe(field);
      expect(r.error?.data.fieldErrors?.[field]?.[0], what).toBe(r.error!.message);
    }

    // Not JSON at all, and not even a body.
    for (const body of ["{this is not json", ""]) {
      const res = await fetch(`${e2e.url}/api/trpc/reports.create`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: citizen.jar.header() },
        body,
      });
      const text = await res.text();
      expect(res.status, `${JSON.stringify(body)} -> ${text}`).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { json: { data: { httpStatus: 400 } } } });
    }

    const mine = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.mine", { limit: 50 }, citizen.jar);
    expect(mine.status).toBe(200);
    expect(mine.data!.items).toEqual([]);
    expect(e2e.standin.events().filter((e) => e.name === "report/created")).toEqual([]);
  });

  it("refuses anonymous callers with 401", async () => {
    const create = await trpcMutation(e2e.url, "reports.create", VALID);
    expect(create.status, JSON.stringify(create.raw)).toBe(401);
    expect(create.error?.data.code).toBe("UNAUTHORIZED");
    expect(create.error?.message).toMatch(/sign in/i);
    for (const path of ["reports.mine", "profile.reputation", "profile.me"]) {
      const r = await trpcQuery(e2e.url, path);
      expect(r.status, `${path}: ${JSON.stringify(r.raw)}`).toBe(401);
    }
    // A forged session cookie is nobody.
    const forged = await fetch(`${e2e.url}/api/trpc/reports.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "next-auth.session-token=not-a-real-token" },
      body: JSON.stringify({ json: VALID }),
    });
    await forged.text();
    expect(forged.status).toBe(401);
  });

  it("create answers at once with a CL-YYYY-NNNNNN reference; exactly one report/created event, id = the outbox row id", async () => {
    const res = await trpcMutation<Created>(e2e.url, "reports.create", VALID, citizen.jar);
    expect(res.status, JSON.stringify(res.raw)).toBe(200);
    console.log(`[reports-api] reports.create answered in ${Math.round(res.ms)} ms`);
    expect(res.ms).toBeLessThan(5_000);
    report = res.data!;
    expect(report).toEqual({ id: expect.stringMatching(UUID), ref: expect.stringMatching(REF), status: "submitted", createdAt: expect.any(Date) });
    expect(Number(report.ref.slice(3, 7))).toBe(report.createdAt.getUTCFullYear());

    // The after-response relay sends it; no sweep needed.
    const event = await until("report/created at the stand-in", async () => reportEventsFor(report.id)[0], 20_000);
    eventId = event.id;
    expect(event.duplicate).toBe(false);
    const { ip, userAgent, ...data } = event.data;
    expect(data).toEqual({
      reportId: report.id,
      reporterId: citizen.userId,
      ref: report.ref,
      category: null,
      severity: VALID.severity,
      latitude: VALID.latitude,
      longitude: VALID.longitude,
      createdAt: report.createdAt.toISOString(),
    });
    for (const v of [ip, userAgent]) expect(v === null || typeof v === "string", JSON.stringify(v)).toBe(true);

    // The relay sends the outbox row id as the event id (so Inngest dedupes a re-sent row).
    expect(event.id).toMatch(UUID); // an outbox id, not a ULID of the stand-in's own
    if (process.env.E2E_DATABASE_URL) {
      const row = await outboxRowFor(report.id);
      expect(row!.id).toBe(event.id);
      await until("the outbox row to be marked sent", async () => (await outboxRowFor(report.id))?.sent_at, 10_000);
    }
    const h = await until("the outbox to drain", async () => {
      const x = await health(e2e.url, moderator.jar);
      return x.outbox.pending === 0 ? x : undefined;
    });
    expect(h.outbox.lastError).toBeNull();

    await e2e.standin.waitForIdle(60_000);
    expect(reportEventsFor(report.id)).toHaveLength(1);
    expect(e2e.standin.events().filter((e) => e.name === "report/created")).toHaveLength(1);
  });

  it("award-reputation, triage-report, record-audit and the rest each run once and complete", async () => {
    expect(eventId, "needs the event of the previous test").toMatch(UUID);
    for (const fn of REPORT_FUNCTIONS) await e2e.standin.waitForRun((r) => r.functionId === fn && r.eventId === eventId, 60_000);
    await e2e.standin.waitForIdle(30_000);

    const runs = e2e.standin.runs().filter((r) => r.eventId === eventId);
    expect(runs.map((r) => r.functionId).sort()).toEqual([...REPORT_FUNCTIONS].sort());
    for (const run of runs) {
      expect(run.status, `${run.functionId}: ${JSON.stringify(run.error)}`).toBe("completed");
      expect(run.attempts, run.functionId).toBe(1);
    }
    const byFn = Object.fromEntries(runs.map((r) => [r.functionId, r]));
    expect(await openEnvelope(byFn[AWARD]!.output)).toEqual({ awarded: true, points: 5 });
    expect(await openEnvelope(byFn[AUDIT]!.output)).toEqual({ inserted: true });
    expect(await openEnvelope(byFn[TRIAGE]!.output)).toMatchObject({ applied: true, status: "under_review", agreed: null, category: expect.any(String) });
    expect(byFn[TRIAGE]!.ops.map((o) => o.displayName ?? o.name)).toEqual(expect.arrayContaining(["classify", "apply-triage"]));
  });

  it("re-sending the same event id starts no new runs", async () => {
    const [event] = reportEventsFor(report.id);
    const before = e2e.standin.runs().length;
    const ids = await e2e.standin.send([{ id: event!.id, name: event!.name, data: event!.data, ts: event!.ts }]);
    expect(ids).toEqual([event!.id]);
    // The stand-in fans an event out to its runs as it records it, so the copy is on the list and
    // any run it started would be too: nothing to wait for.
    const copies = reportEventsFor(report.id);
    expect(e2e.standin.runs()).toHaveLength(before);
    expect(copies.map((e) => e.duplicate)).toEqual([false, true]);
    expect(e2e.standin.runs().filter((r) => r.eventId === event!.id)).toHaveLength(REPORT_FUNCTIONS.length);
  });

  it("profile.reputation shows 5 points from one ledger entry for the report", async () => {
    const rep = await trpcQuery<Ledger>(e2e.url, "profile.reputation", undefined, citizen.jar);
    expect(rep.status, JSON.stringify(rep.raw)).toBe(200);
    expect(rep.data!.total).toBe(5);
    expect(rep.data!.nextCursor).toBeNull();
    expect(rep.data!.items).toHaveLength(1);
    expect(rep.data!.items[0]).toMatchObject({
      points: 5,
      reason: "report_filed",
      source_type: "report",
      source_id: report.id,
      report: { id: report.id, ref: report.ref, title: VALID.title },
    });
    const me = await trpcQuery<{ reputation: number }>(e2e.url, "profile.me", undefined, citizen.jar);
    expect(me.data?.reputation).toBe(5);
  });

  it("reports.byId: the owner sees the background runs and triage details; anonymous and other citizens do not", async () => {
    for (const id of [report.ref, report.id, report.ref.toLowerCase()]) {
      const own = await trpcQuery<ReportDetail>(e2e.url, "reports.byId", { id }, citizen.jar);
      expect(own.status, `${id}: ${JSON.stringify(own.raw)}`).toBe(200);
      expect(own.data!.id).toBe(report.id);
    }
    const own = (await trpcQuery<ReportDetail>(e2e.url, "reports.byId", { id: report.ref }, citizen.jar)).data!;
    expect(own).toMatchObject({ ref: report.ref, title: VALID.title, status: "under_review", isOwner: true });
    expect(own.category).toEqual(expect.any(String));
    expect(own.priority).toEqual(expect.any(String));
    expect(own.triage?.classification).toBe(own.category);
    expect(own.timeline.map((t) => [t.kind, t.toStatus])).toEqual([
      ["submitted", "submitted"],
      ["triaged", "under_review"],
    ]);
    // The page's "Background work": one row per function, by the function's own id, all completed.
    expect(own.runs).not.toBeNull();
    expect(own.runs!.map((r) => r.functionId).sort()).toEqual(REPORT_FUNCTIONS.map((f) => f.replace(/^civiclens-/, "")).sort());
    for (const r of own.runs!) expect(r, r.functionId).toMatchObject({ status: "completed", attempt: 0, error: null });
    const standinRunIds = e2e.standin.runs().filter((r) => r.eventId === eventId).map((r) => r.runId);
    expect(own.runs!.map((r) => r.runId).sort()).toEqual(standinRunIds.sort());

    const anon = await trpcQuery<ReportDetail>(e2e.url, "reports.byId", { id: report.ref });
    expect(anon.status, JSON.stringify(anon.raw)).toBe(200);
    expect(anon.data).toMatchObject({ id: report.id, ref: report.ref, status: "under_review", category: own.category, isOwner: false, runs: null, triage: null });
    expect(JSON.stringify(anon.raw)).not.toContain(citizen.userId);

    const other = await signInNewCitizenBySms(e2e.url, twilio);
    const theirs = await trpcQuery<ReportDetail>(e2e.url, "reports.byId", { id: report.ref }, other.jar);
    expect(theirs.status).toBe(200);
    expect(theirs.data).toMatchObject({ isOwner: false, runs: null, triage: null });

    // Unknown and malformed references.
    const missing = await trpcQuery(e2e.url, "reports.byId", { id: "CL-1999-999999" });
    expect(missing.status).toBe(404);
    const bad = await trpcQuery(e2e.url, "reports.byId", { id: "'; drop table reports; --" });
    expect(bad.status).toBe(400);
    expect(bad.error?.data.field).toBe("id");
  });

  it("reports.feed (public) and reports.mine show it; the public payload never says who filed it", async () => {
    const list = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.feed", { limit: 50 });
    expect(list.status, JSON.stringify(list.raw)).toBe(200);
    const item = list.data!.items.find((r) => r.id === report.id);
    expect(item).toMatchObject({ ref: report.ref, title: VALID.title, status: "under_review", severity: VALID.severity, address: VALID.address });
    expect(Object.keys(item!)).not.toEqual(expect.arrayContaining([expect.stringMatching(/reporter/i)]));
    expect(JSON.stringify(list.raw)).not.toContain(citizen.userId);
    expect(JSON.stringify(list.raw)).not.toMatch(/reporter/i);

    // Filters reach it too.
    const filtered = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.feed", {
      status: "under_review",
      bbox: { south: 12.9, west: 77.6, north: 13.0, east: 77.7 },
      limit: 50,
    });
    expect(filtered.data!.items.map((r) => r.id)).toContain(report.id);
    const elsewhere = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.feed", { bbox: { south: 28.5, west: 77.0, north: 28.8, east: 77.3 }, limit: 50 });
    expect(elsewhere.data!.items.map((r) => r.id)).not.toContain(report.id);

    const mine = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.mine", { limit: 50 }, citizen.jar);
    expect(mine.data!.items.map((r) => r.ref)).toEqual([report.ref]);
  });
});

describe("the per-user report limit", () => {
  it(`the ${LIMIT_PER_USER + 1}th report in the window is refused with 429 and Retry-After; other citizens are not affected`, async () => {
    const busy = await signInNewCitizenBySms(e2e.url, twilio);
    const refs: string[] = [];
    for (let i = 1; i <= LIMIT_PER_USER; i++) {
      const r = await trpcMutation<Created>(e2e.url, "reports.create", { ...VALID, title: `Overflowing garbage bin number ${i}`, severity: "low" }, busy.jar);
      expect(r.status, JSON.stringify(r.raw)).toBe(200);
      refs.push(r.data!.ref);
    }
    const refused = await trpcMutation<Created>(e2e.url, "reports.create", { ...VALID, title: "One report too many" }, busy.jar);
    expect(refused.status, JSON.stringify(refused.raw)).toBe(429);
    expect(refused.error?.data.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.error?.message).toMatch(/many reports in a short time/);
    const retryAfter = refused.headers.get("retry-after");
    expect(retryAfter, "Retry-After header").toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3600); // REPORTS_LIMIT_WINDOW_SECONDS default
    expect(refused.error?.data.retryAfterSeconds).toBe(Number(retryAfter));

    // Nothing was created for the refused one: three reports, three events.
    const mine = await trpcQuery<Page<ReportRow>>(e2e.url, "reports.mine", { limit: 50 }, busy.jar);
    expect(mine.data!.items.map((r) => r.ref).sort()).toEqual([...refs].sort());
    await until("three report/created events for the busy citizen", async () => e2e.standin.events().filter((e) => e.name === "report/created" && e.data.reporterId === busy.userId).length === LIMIT_PER_USER, 20_000);
    await e2e.standin.waitForIdle(60_000);
    expect(e2e.standin.events().filter((e) => e.name === "report/created" && e.data.reporterId === busy.userId)).toHaveLength(LIMIT_PER_USER);
    expect(e2e.standin.runs().filter((r) => REPORT_FUNCTIONS.includes(r.functionId) && r.status !== "completed")).toEqual([]);

    // The limit is per citizen.
    const other = await trpcMutation<Created>(e2e.url, "reports.create", { ...VALID, title: "Broken footpath slab near the school" }, citizen.jar);
    expect(other.status, JSON.stringify(other.raw)).toBe(200);
    await e2e.standin.waitForIdle(60_000);

    // Nothing in this file was an internal error on the server side.
    expect(e2e.logs()).not.toMatch(/\[trpc\] .* failed:/);
    expect(e2e.logs()).not.toMatch(/^ *(GET|POST|PUT) \S+ 5\d\d in /m);
    expect(e2e.logs()).not.toMatch(/\[task-runs\] task_runs: could not record/);
  });
});
