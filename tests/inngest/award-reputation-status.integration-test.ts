import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { awardReputation } from "@root/inngest/functions/award-reputation";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";
import { fileReport } from "./report-created";
import { moderateAndTakeEvent } from "./status-changed";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: awardReputation });
beforeEach(async () => truncateAll(db()));

const ledger = async (userId: string) => {
  const user = await db().selectFrom("users").select("reputation").where("id", "=", userId).executeTakeFirstOrThrow();
  const rows = await db().selectFrom("reputation_ledger").select(["points", "reason"]).where("user_id", "=", userId).orderBy("created_at").orderBy("points", "desc").execute();
  return { cached: user.reputation, entries: rows.map((e) => [e.points, e.reason]) };
};
const run = async (event: unknown) => openResult((await engine().execute({ events: [event as never] })).result);

describe("award-reputation on report/status.changed", () => {
  it("awards +10 once when a report is acknowledged, however often the event is delivered", async () => {
    const { user, report, event: created } = await fileReport(db());
    await run(created);
    const { event } = await moderateAndTakeEvent(db(), report.id, { action: "acknowledge" });
    expect(await run(event)).toEqual({ awarded: true, points: 10 });
    expect(await run(event)).toEqual({ awarded: false, points: 0 });
    expect(await ledger(user.id)).toEqual({ cached: 15, entries: [[5, "report_filed"], [10, "report_acknowledged"]] });
  });

  it("does not award the acknowledgement again when the report later starts and is resolved", async () => {
    const { user, report } = await fileReport(db());
    for (const action of ["acknowledge", "start"] as const) await run((await moderateAndTakeEvent(db(), report.id, { action })).event);
    await run((await moderateAndTakeEvent(db(), report.id, { action: "resolve", note: "Fixed." })).event);
    expect(await ledger(user.id)).toEqual({ cached: 10, entries: [[10, "report_acknowledged"]] });
  });

  it("counts a report started straight from review as accepted, once", async () => {
    const { user, report } = await fileReport(db());
    await db().updateTable("reports").set({ status: "under_review" }).where("id", "=", report.id).execute();
    const { event } = await moderateAndTakeEvent(db(), report.id, { action: "start" });
    expect(await run(event)).toEqual({ awarded: true, points: 10 });
    expect((await ledger(user.id)).cached).toBe(10);
  });

  it("reverses the filing award once for a report rejected as spam", async () => {
    const { user, report, event: created } = await fileReport(db());
    await run(created);
    const { event } = await moderateAndTakeEvent(db(), report.id, { action: "reject", rejectReason: "spam" });
    expect(await run(event)).toEqual({ awarded: true, points: -5 });
    expect(await run(event)).toEqual({ awarded: false, points: 0 });
    expect(await ledger(user.id)).toEqual({ cached: 0, entries: [[5, "report_filed"], [-5, "report_rejected_spam"]] });
  });

  it("nets zero when the spam reversal is processed before the late filing award", async () => {
    const { user, report, event: created } = await fileReport(db());
    const { event } = await moderateAndTakeEvent(db(), report.id, { action: "reject", rejectReason: "spam" });
    await run(event);
    await run(created);
    await run(created);
    expect((await ledger(user.id)).cached).toBe(0);
  });

  it.each([
    ["reject (not spam)", { action: "reject", rejectReason: "out_of_scope" }],
    ["duplicate", { action: "duplicate" }],
  ] as const)("gives and takes nothing for %s", async (_name, input) => {
    const { user, report, event: created } = await fileReport(db());
    const { report: other } = await fileReport(db());
    await run(created);
    const { event } = await moderateAndTakeEvent(db(), report.id, input.action === "duplicate" ? { action: "duplicate", duplicateOf: other.ref } : input);
    expect(await run(event)).toEqual({ awarded: false, points: 0 });
    expect(await ledger(user.id)).toEqual({ cached: 5, entries: [[5, "report_filed"]] });
  });
});
