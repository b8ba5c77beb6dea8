import { InngestTestEngine } from "@inngest/test";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { claimMilestoneNotice } from "@/server/domain/reports/support-milestones";
import { supportReport, unsupportReport } from "@/server/domain/reports/support";
import { eventSchemas } from "@/shared/events";
import { supportMilestones } from "@root/inngest/functions/support-milestones";
import { truncateAll, useTestDb } from "../support/test-db";
import { useResendStandin } from "../support/use-resend-standin";
import { reportIn } from "../server/admin/helpers";
import { openResult } from "./helpers";
import { registeredConfig } from "./registered-config";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: supportMilestones });
const resend = useResendStandin({ APP_URL: "https://civiclens.example" });
beforeEach(async () => truncateAll(db()));

const unlimited = { perUser: 1000, windowSeconds: 60 };
let batch = 0;
/** `n` citizens who each support the report once; the support events, in order. */
async function supporters(reportId: string, n: number) {
  batch += 1;
  const prefix = `+9166${String(batch).padStart(3, "0")}`;
  const users = await sql<{ id: string }>`insert into users (phone) select ${prefix} || lpad(g::text, 5, '0') from generate_series(1, ${n}) g returning id`.execute(db());
  for (const u of users.rows) await supportReport(db(), u.id, reportId, unlimited);
  return users.rows.map((u) => u.id);
}
async function supportEvents() {
  const rows = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/supported").orderBy("seq").execute();
  return rows.map((r) => ({ id: r.id, name: "report/supported" as const, data: eventSchemas["report/supported"].parse(r.data) }));
}
async function reporterWithEmail() {
  const r = await reportIn(db(), "acknowledged", { severity: "low", priority: "low" });
  await db().updateTable("users").set({ email: "rhea@example.com", email_verified_at: new Date() }).where("id", "=", r.reporter.id).execute();
  return r;
}
const messages = () => db().selectFrom("messages").selectAll().where("kind", "=", "support_milestone").execute();
const ledger = (userId: string) => db().selectFrom("reputation_ledger").select(["reason", "points"]).where("user_id", "=", userId).orderBy("points").execute();

describe("support-milestones", () => {
  it("is debounced per report, with a timeout cap", () => {
    expect(registeredConfig(supportMilestones)).toMatchObject({ debounce: { key: "event.data.reportId", period: "1m", timeout: "5m" } });
  });

  it("a burst of 100 supports: one message (100), each milestone's reputation once, whichever runs and redeliveries come", async () => {
    const { report, reporter } = await reporterWithEmail();
    await supporters(report.id, 100);
    const events = await supportEvents();
    expect(events).toHaveLength(100);

    // The debounced run gets the last event of the burst.
    const { result } = await engine().execute({ events: [events.at(-1)!] });
    expect(await openResult(result)).toEqual({ awarded: [5, 25, 100], notified: 100, status: "sent" });
    // Duplicate deliveries, and runs for earlier events (a burst longer than the timeout), tell nothing more.
    for (const e of [events.at(-1)!, events[4]!, events[24]!, events[99]!]) await engine().execute({ events: [e] });

    expect(resend.sent).toHaveLength(1);
    expect(resend.sent[0]!.body.subject).toBe(`Report ${report.ref}: 100 residents support it`);
    expect(resend.sent[0]!.body.text).toContain(`https://civiclens.example/reports/${report.ref}`);
    expect(await messages()).toMatchObject([{ status: "sent", event_id: `support-milestone:${report.id}:100`, user_id: reporter.id }]);
    expect(await ledger(reporter.id)).toEqual([
      { reason: "support_milestone_5", points: 5 },
      { reason: "support_milestone_25", points: 10 },
      { reason: "support_milestone_100", points: 20 },
    ]);
    expect((await db().selectFrom("users").select("reputation").where("id", "=", reporter.id).executeTakeFirstOrThrow()).reputation).toBe(35);
  }, 60_000);

  it("each milestone once: nothing below five; withdrawn and given again, no second notice; the next milestone is a new one", async () => {
    const { report, reporter } = await reporterWithEmail();
    const ids = await supporters(report.id, 4);
    expect(await openResult((await engine().execute({ events: [(await supportEvents()).at(-1)!] })).result)).toEqual({ skipped: "below-first-milestone" });

    await supporters(report.id, 1);
    await engine().execute({ events: [(await supportEvents()).at(-1)!] });
    expect(resend.sent.map((s) => s.body.subject)).toEqual([`Report ${report.ref}: 5 residents support it`]);

    await unsupportReport(db(), ids[0]!, report.id, unlimited);
    await supportReport(db(), ids[0]!, report.id, unlimited);
    await engine().execute({ events: [(await supportEvents()).at(-1)!] });
    expect(resend.sent).toHaveLength(1);

    await supporters(report.id, 20);
    await engine().execute({ events: [(await supportEvents()).at(-1)!] });
    expect(resend.sent.map((s) => s.body.subject)).toEqual([`Report ${report.ref}: 5 residents support it`, `Report ${report.ref}: 25 residents support it`]);
    expect((await ledger(reporter.id)).map((l) => l.reason)).toEqual(["support_milestone_5", "support_milestone_25"]);
  }, 60_000);

  it("a reporter who chose no notices earns the reputation and hears nothing", async () => {
    const { report, reporter } = await reporterWithEmail();
    await db().updateTable("users").set({ notification_prefs: JSON.stringify({ status_change: "none" }) }).where("id", "=", reporter.id).execute();
    await supporters(report.id, 5);
    const { result } = await engine().execute({ events: [(await supportEvents()).at(-1)!] });
    expect(await openResult(result)).toEqual({ awarded: [5], notified: null });
    expect(await messages()).toHaveLength(0);
    expect(await ledger(reporter.id)).toEqual([{ reason: "support_milestone_5", points: 5 }]);
  });

  it("finishes a notice a run queued but did not send, once", async () => {
    const { report } = await reporterWithEmail();
    await supporters(report.id, 5);
    // A run that committed its claim and message, then died before sending.
    await claimMilestoneNotice(db(), report.id, 5, { channel: "email", kind: "support_milestone", recipient: "rhea@example.com", subject: "s", body: "b", html: "<p>b</p>", provider: "resend" });
    const event = (await supportEvents()).at(-1)!;
    expect(await openResult((await engine().execute({ events: [event] })).result)).toMatchObject({ notified: 5, status: "sent" });
    await engine().execute({ events: [event] });
    expect(resend.sent).toHaveLength(1);
  });
});
