/**
 * Fault: Inngest delivers every event three times (the stand-in's `deliverTimes: 3`, three runs of
 * each triggered function at once), as its at-least-once delivery may. A citizen's whole journey
 * runs through it: a sign-in code, a sign-in, reports, moderation notices by SMS and by email, an
 * email verification. Not one effect may happen twice: one SMS or email per notification, one
 * sign-in counted, reputation exactly 5 per report and 10 per acknowledgement, triage once, one
 * audit row per event; and a duplicate is a no-op, not a failure (no dead letter).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { CookieJar, signInWithCode, until } from "@root/e2e/support/http";
import { reportInput, startFaultApp, type Account, type FaultApp } from "./support/fault-app";

const DELIVER_TIMES = 3;
const REPORTS = 10;
const EMAIL = `redelivery-${Date.now()}@example.com`;

let app: FaultApp;
let admin: Account;
beforeAll(async () => {
  app = await startFaultApp({ name: "redelivery", standin: { deliverTimes: DELIVER_TIMES }, resend: true });
  admin = await app.account("admin");
});
afterAll(async () => app?.stop());

const count = (rows: { n: number }[]) => rows[0]?.n ?? 0;

/** Acknowledges these reports as the admin, each at its current version. */
async function acknowledge(ids: string[]) {
  for (const id of ids) {
    const { version } = await app.db.selectFrom("reports").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    const res = await app.client.mutation("admin.moderate", { reportId: id, version, action: "acknowledge" }, admin.cookie);
    expect(res.status, JSON.stringify(res.error)).toBe(200);
  }
}

/** Waits for `count` events named `name` to reach Inngest, then for every run they started to finish. */
async function settle(name: string, count: number) {
  const standin = app.e2e.standin;
  await until(`${count} ${name} events`, async () => standin.events().filter((e) => e.name === name && !e.duplicate).length >= count, 30_000);
  await standin.waitForIdle(90_000);
}

describe("every event delivered three times", () => {
  it("changes nothing: one effect per event", async () => {
    // A real sign-in: the code by SMS (send-otp-sms), then the login (update-login-stats).
    const phone = (await app.account("citizen")).phone;
    const requested = await app.client.mutation("auth.requestOtp", { phone });
    expect(requested.status, JSON.stringify(requested.error)).toBe(200);
    const code = await until("the sign-in SMS", async () => app.twilio.messages().find((m) => m.to === phone), 30_000);
    const jar = new CookieJar();
    const signedIn = await signInWithCode(app.url, jar, phone, /\b(\d{6})\b/.exec(code.body)![1]!);
    expect(signedIn.sessionCookie, JSON.stringify(signedIn)).toBeDefined();
    const cookie = jar.header();
    const user = await app.db.selectFrom("users").select("id").where("phone", "=", phone).executeTakeFirstOrThrow();

    const ids: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const res = await app.client.mutation<{ id: string }>("reports.create", reportInput(i), cookie);
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      ids.push(res.data!.id);
    }
    await until("every report triaged", async () => {
      const rows = await app.db.selectFrom("reports").select(sql<number>`count(*)::int`.as("n")).where("id", "in", ids).where("status", "=", "under_review").execute();
      return count(rows) === REPORTS;
    }, 60_000);

    // Half the notices go by SMS (no verified email yet), half by email after verifying one.
    await acknowledge(ids.slice(0, REPORTS / 2));
    await settle("report/status.changed", REPORTS / 2);
    expect((await app.client.mutation("profile.update", { email: EMAIL }, cookie)).status).toBe(200);
    expect((await app.client.mutation("profile.sendEmailVerification", undefined, cookie)).status).toBe(200);
    const link = await until("the verification email", async () => app.resend!.sent.find((r) => r.body.to === EMAIL && /verify-email\?token=/.test(r.body.text ?? "")), 30_000);
    const token = /verify-email\?token=([\w-]+)/.exec(link.body.text!)![1]!;
    expect((await app.client.mutation("profile.verifyEmail", { token }, cookie)).status).toBe(200);
    await settle("user/email.verified", 1);
    await acknowledge(ids.slice(REPORTS / 2));
    await settle("report/status.changed", REPORTS);

    const standin = app.e2e.standin;
    const events = standin.events().filter((e) => !e.internal && !e.duplicate);
    const eventsNamed = (name: string) => events.filter((e) => e.name === name).map((e) => e.id);
    // The stand-in really ran each function three times per event.
    const awardRuns = standin.runs().filter((r) => r.functionId === "civiclens-award-reputation");
    expect(awardRuns.length).toBe(DELIVER_TIMES * REPORTS * 2);

    // Each property on its own (expect.soft), so one run names every effect that happened twice.
    // One SMS per code and per SMS notice; one email per verification and per email notice.
    const sms = app.twilio.messages().filter((m) => m.to === phone);
    expect.soft(sms.filter((m) => !m.body.includes("CL-")).length, "SMS with the sign-in code").toBe(1);
    expect.soft(sms.filter((m) => m.body.includes("CL-")).length, "SMS notices of a status change").toBe(REPORTS / 2);
    expect.soft(app.resend!.sent.filter((r) => r.body.to === EMAIL).length, "emails (verification and notices)").toBe(1 + REPORTS / 2);
    // One message row per notifying event, sent.
    const notifying = [...eventsNamed("auth/otp.requested"), ...eventsNamed("user/email-verification.requested"), ...eventsNamed("report/status.changed")];
    expect(notifying.length).toBe(1 + 1 + REPORTS);
    const messages = await app.db.selectFrom("messages").select(["event_id", "status"]).where("event_id", "in", notifying).execute();
    expect.soft(messages.map((m) => m.status).sort(), "message rows of the notifying events").toEqual(notifying.map(() => "sent"));

    const account = await app.db.selectFrom("users").select(["login_count", "reputation"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect.soft(account.login_count, "sign-ins counted").toBe(1);
    // Reputation: 5 per report and 10 per acknowledgement, once each, in the ledger and the cached sum.
    const ledger = await app.db.selectFrom("reputation_ledger").select(["reason", "source_id", "points"]).where("user_id", "=", user.id).execute();
    expect.soft(ledger.length, "ledger entries").toBe(REPORTS * 2);
    expect.soft(account.reputation, "reputation").toBe(REPORTS * 5 + REPORTS * 10);
    const triaged = await app.db.selectFrom("report_updates").select(["report_id"]).where("report_id", "in", ids).where("kind", "=", "triaged").execute();
    expect.soft(triaged.map((t) => t.report_id).sort(), "triage entries").toEqual([...ids].sort());
    // One audit row per audited event.
    const audited = [...eventsNamed("report/created"), ...eventsNamed("report/status.changed"), ...eventsNamed("user/email.verified")];
    expect(audited.length).toBe(REPORTS * 2 + 1);
    const auditRows = await app.db.selectFrom("audit_log").select("event_id").where("event_id", "in", audited).execute();
    expect.soft(auditRows.map((r) => r.event_id).sort(), "audit rows of the audited events").toEqual([...audited].sort());

    // A duplicate is a no-op, not an error: no run failed, nothing became a dead letter.
    expect.soft(standin.runs().filter((r) => r.status === "failed").map((r) => `${r.functionId}: ${JSON.stringify(r.error)}`), "failed runs").toEqual([]);
    expect.soft(count(await app.db.selectFrom("dead_letters").select(sql<number>`count(*)::int`.as("n")).execute()), "dead letters").toBe(0);
  });
});
