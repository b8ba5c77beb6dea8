/**
 * Service levels through the real /api/inngest route (issue 18), with the Inngest stand-in keeping
 * time as Inngest does (`realTimers`): two reports are filed while Inngest is down and dated so that
 * their acknowledge deadlines fall seconds after it comes back. `track-service-level` sets their
 * deadlines and waits; one run is resumed by its deadline (a breach: priority raised, a timeline
 * entry, once), the other's wait is ended by a moderator's acknowledgement (met, no breach).
 *
 * Needs PostgreSQL (E2E_DATABASE_URL, PG_TEST_URL or DATABASE_URL): the test dates the reports in the
 * database, which a PGlite directory owned by the server does not allow. It makes its own database
 * and drops it. Runs on the production server (`npm run build` first); sign-in codes come by "Twilio"
 * (a stand-in). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/service-levels-api.e2e.ts
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS, startE2E, type E2E } from "./support/app-server";
import { randomIndianMobile, trpcMutation, until, type SignedInCitizen } from "./support/http";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv, type TwilioStandin } from "./support/twilio-standin";

const SERVER_URL = process.env.E2E_DATABASE_URL ?? process.env.PG_TEST_URL ?? process.env.DATABASE_URL;
const TRACK = "civiclens-track-service-level";
const HOUR = 3_600_000;

const REPORT = {
  description: "The community bin at the corner has overflowed for days and rubbish is spreading onto the road.",
  severity: "medium",
  category: "garbage",
  latitude: 12.9352,
  longitude: 77.6245,
} as const;

let e2e: E2E;
let admin: pg.Client;
let db: pg.Client;
let dbName: string;
let citizen: SignedInCitizen;
let moderator: SignedInCitizen;
let twilio: TwilioStandin;

describe.skipIf(!SERVER_URL)("service levels as durable timers", () => {
  beforeAll(async () => {
    dbName = `civiclens_e2e_sla_${randomBytes(4).toString("hex")}`;
    admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(SERVER_URL!);
    url.pathname = `/${dbName}`;
    const moderatorPhone = randomIndianMobile();
    twilio = await startTwilioStandin();
    e2e = await startE2E({
      name: "service-levels-api",
      server: "production",
      databaseUrl: url.toString(),
      env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) },
      staff: [{ phone: moderatorPhone, role: "moderator" }],
      standin: { realTimers: true },
    });
    db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    citizen = await signInNewCitizenBySms(e2e.url, twilio);
    moderator = await signInNewCitizenBySms(e2e.url, twilio, moderatorPhone);
    await e2e.standin.waitForIdle(30_000);
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await e2e?.stop();
    await twilio?.close();
    if (admin) {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  it("a sleeping run is resumed at its deadline (escalated once); another's wait is ended by an acknowledgement", async () => {
    // Inngest is down while both are filed: their events wait in the outbox.
    await e2e.stopStandin();
    const file = async (title: string) => {
      const res = await trpcMutation<{ id: string; ref: string }>(e2e.url, "reports.create", { ...REPORT, title }, citizen.jar);
      expect(res.status, JSON.stringify(res.raw)).toBe(200);
      return res.data!;
    };
    const late = await file("Overflowing bin at the corner of 5th Cross");
    const kept = await file("Overflowing bin beside the bus depot");
    // Nothing may reach the stand-in before it knows the functions again: wait until no relay pass is
    // sending (a row leased without an error yet). A pass that failed leaves the rest to the sweep,
    // so the reports' rows may carry the error or may not have been tried at all.
    await new Promise((r) => setTimeout(r, 1000));
    await until("no relay pass to be sending while Inngest is down", async () => {
      const { rows } = await db.query(
        `select count(*) filter (where (data->>'reportId') = any($1) and name = 'report/created')::int as waiting,
                count(*) filter (where attempts > 0 and last_error is null and locked_until > now())::int as sending
           from event_outbox where sent_at is null`,
        [[late.id, kept.id]],
      );
      return rows[0].waiting === 2 && rows[0].sending === 0;
    }, 60_000);
    // garbage: acknowledge within 24 hours. Filed "24 hours ago, less a few seconds" (late) and "less two minutes" (kept),
    // dated now, so the deadlines are counted from Inngest's return, however long the relay took to give up.
    await db.query("update reports set created_at = now() - $2::interval where id = $1", [late.id, `${24 * 3600 - 12} seconds`]);
    await db.query("update reports set created_at = now() - $2::interval where id = $1", [kept.id, `${24 * 3600 - 120} seconds`]);
    const standin = await e2e.restartStandin();
    await until("the sweep to deliver both report/created events", async () => {
      await standin.triggerCron("outbox-sweep");
      return standin.runs().filter((r) => r.functionId === TRACK).length >= 2;
    }, 30_000, 500);

    const deadlines = async (id: string) => (await db.query("select acknowledge_by, created_at from reports where id = $1", [id])).rows[0] as { acknowledge_by: Date | null; created_at: Date };
    await until("both runs to set their deadlines", async () => (await deadlines(late.id)).acknowledge_by && (await deadlines(kept.id)).acknowledge_by, 30_000);
    const lateDeadline = (await deadlines(late.id)).acknowledge_by!;
    expect(lateDeadline.getTime() - (await deadlines(late.id)).created_at.getTime()).toBe(24 * HOUR);
    // Let the runs reach their waits (the wait counts only events that come after it began).
    await new Promise((r) => setTimeout(r, 1500));

    // A moderator acknowledges `kept` well before its deadline: that wait ends, met.
    const version = (await db.query("select version from reports where id = $1", [kept.id])).rows[0].version as number;
    const ack = await trpcMutation(e2e.url, "admin.moderate", { reportId: kept.id, version, action: "acknowledge" }, moderator.jar);
    expect(ack.status, JSON.stringify(ack.raw)).toBe(200);
    await until("the acknowledgement to be recorded met", async () => (await db.query("select acknowledged_at from reports where id = $1", [kept.id])).rows[0].acknowledged_at, 20_000);

    // `late` sleeps until its deadline, then breaches: priority raised once, a timeline entry.
    const breach = await until("the deadline to pass and the breach to be recorded", async () => (await db.query("select * from service_level_breaches where report_id = $1", [late.id])).rows[0], 30_000);
    expect(new Date(breach.breached_at).getTime()).toBeGreaterThanOrEqual(lateDeadline.getTime());
    const lateRow = (await db.query("select priority, service_level_breaches from reports where id = $1", [late.id])).rows[0];
    expect(lateRow.service_level_breaches).toBe(1);
    const entries = (await db.query("select metadata from report_updates where report_id = $1 and kind = 'deadline_missed'", [late.id])).rows;
    expect(entries).toHaveLength(1);
    expect(entries[0].metadata).toMatchObject({ serviceLevel: { stage: "acknowledge" } });

    expect((await db.query("select count(*)::int as n from service_level_breaches where report_id = $1", [kept.id])).rows[0].n).toBe(0);
    // Both runs now wait for their resolve deadlines, days away.
    const running = standin.runs().filter((r) => r.functionId === TRACK && r.status === "running");
    expect(running).toHaveLength(2);

    const page = await fetch(`${e2e.url}/api/trpc/reports.byId?input=${encodeURIComponent(JSON.stringify({ json: { id: kept.ref } }))}`).then((r) => r.json());
    expect(page.result.data.json).toMatchObject({ acknowledgeMet: true, resolveMet: null });
  }, 180_000);
});
