import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { supportReport } from "@/server/domain/reports/support";
import { notifyReporter } from "@root/inngest/functions/notify-reporter";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { useResendStandin } from "../../support/use-resend-standin";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
useResendStandin({ APP_URL: "https://civiclens.example" });
beforeEach(async () => truncateAll(db()));

const ids = async (table: "report_supports" | "report_follows", reportId: string) =>
  (await db().selectFrom(table).select("user_id").where("report_id", "=", reportId).execute()).map((r) => r.user_id).sort();
const countOf = async (id: string) => (await db().selectFrom("reports").select("support_count").where("id", "=", id).executeTakeFirstOrThrow()).support_count;

async function markDuplicate(dup: { id: string; version: number }, originalRef: string) {
  const mod = await staff(db());
  return callerFor(db(), mod).admin.moderate({ reportId: dup.id, version: dup.version, action: "duplicate", duplicateOf: originalRef });
}

describe("marking a duplicate merges it into the original", () => {
  it("moves supporters (one on both counts once) and followers; the duplicate's reporter supports and follows the original", async () => {
    const { report: original, reporter: origReporter } = await reportIn(db(), "acknowledged");
    const { report: dup, reporter: dupReporter } = await reportIn(db(), "under_review");
    const [both, onlyDup, onlyOrig, follower] = [await createUser(db()), await createUser(db()), await createUser(db()), await createUser(db())];
    for (const u of [both, onlyOrig]) await supportReport(db(), u.id, original.id);
    for (const u of [both, onlyDup]) await supportReport(db(), u.id, dup.id);
    // The original's reporter supports the duplicate: they must not become a supporter of their own report.
    await supportReport(db(), origReporter.id, dup.id);
    await callerFor(db(), follower).reports.follow({ reportId: dup.id });
    await callerFor(db(), both).reports.follow({ reportId: original.id });
    await callerFor(db(), both).reports.follow({ reportId: dup.id });
    expect([await countOf(original.id), await countOf(dup.id)]).toEqual([2, 3]);

    await markDuplicate(dup, original.ref);

    expect(await ids("report_supports", original.id)).toEqual([both.id, onlyDup.id, onlyOrig.id, dupReporter.id].sort());
    expect(await ids("report_supports", dup.id)).toEqual([]);
    expect([await countOf(original.id), await countOf(dup.id)]).toEqual([4, 0]);
    expect(await ids("report_follows", original.id)).toEqual([both.id, follower.id, dupReporter.id].sort());
    expect(await ids("report_follows", dup.id)).toEqual([]);

    // The original's new support goes through the same path as any support (priority, milestones).
    const supported = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/supported").orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(supported.data).toMatchObject({ reportId: original.id, supporterId: dupReporter.id, supportCount: 4 });

    const page = await callerFor(db(), dupReporter).reports.byId({ id: original.ref });
    expect(page).toMatchObject({ supportCount: 4, supportedByMe: true, followedByMe: true });
    expect((await callerFor(db()).reports.byId({ id: dup.ref })).duplicateOf).toEqual({ ref: original.ref, title: original.title });
  });

  it("a reporter who filed both is not made a supporter of their own report, and nothing is counted twice", async () => {
    const { report: original, reporter } = await reportIn(db(), "under_review");
    const dup = (await db().insertInto("reports").values({ reporter_id: reporter.id, title: "Same pothole again", description: "It is still there by the bus stop.", severity: "high", citizen_severity: "high", latitude: 12.97, longitude: 77.59, status: "under_review", priority: "normal" }).returningAll().executeTakeFirstOrThrow());
    const citizen = await createUser(db());
    await supportReport(db(), citizen.id, dup.id);
    await supportReport(db(), citizen.id, original.id);
    await markDuplicate(dup, original.ref);
    expect(await ids("report_supports", original.id)).toEqual([citizen.id]);
    expect(await countOf(original.id)).toBe(1);
    expect(await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/supported").execute()).toHaveLength(2);
  });

  it("a support racing the merge is either moved onto the original or refused, never left on the duplicate", async () => {
    for (let i = 0; i < 3; i++) {
      const { report: original } = await reportIn(db(), "under_review");
      const { report: dup } = await reportIn(db(), "under_review");
      const citizen = await createUser(db());
      const [, support] = await Promise.allSettled([markDuplicate(dup, original.ref), supportReport(db(), citizen.id, dup.id)]);
      if (support.status === "rejected") expect(support.reason).toMatchObject({ code: "CONFLICT" });
      expect(await ids("report_supports", dup.id)).toEqual([]);
      expect(await countOf(dup.id)).toBe(0);
      expect(await countOf(original.id)).toBe((await ids("report_supports", original.id)).length);
    }
  });

  it("supporting the duplicate after the merge is refused: it is closed", async () => {
    const { report: original } = await reportIn(db(), "under_review");
    const { report: dup } = await reportIn(db(), "under_review");
    await markDuplicate(dup, original.ref);
    await expect(supportReport(db(), (await createUser(db())).id, dup.id)).rejects.toMatchObject({ code: "CONFLICT", field: "reportId" });
  });

  it("the duplicate's reporter is told where to follow: the original's ref and link", async () => {
    const { report: original } = await reportIn(db(), "under_review");
    const { report: dup, reporter } = await reportIn(db(), "under_review");
    const res = await markDuplicate(dup, original.ref);
    const row = await db().selectFrom("event_outbox").selectAll().where("id", "=", res.eventId!).executeTakeFirstOrThrow();
    await new InngestTestEngine({ function: notifyReporter }).execute({ events: [{ id: row.id, name: "report/status.changed", data: row.data }] });
    const message = await db().selectFrom("messages").selectAll().where("user_id", "=", reporter.id).executeTakeFirstOrThrow();
    expect(message.body).toContain(`Same problem as ${original.ref}, follow it: https://civiclens.example/reports/${original.ref}`);
  });
});

describe("admin.moderateBulk names what it skipped", () => {
  it("applies the valid ones; each skipped report by ref with the reason", async () => {
    const mod = await staff(db());
    const ok = (await reportIn(db(), "under_review")).report;
    const closed = (await reportIn(db(), "resolved")).report;
    const stale = (await reportIn(db(), "acknowledged")).report;
    const missing = randomUUID();
    const results = await callerFor(db(), mod).admin.moderateBulk({
      action: "start",
      items: [
        { reportId: ok.id, version: ok.version },
        { reportId: closed.id, version: closed.version },
        { reportId: stale.id, version: stale.version + 1 },
        { reportId: missing, version: 1 },
      ],
    });
    expect(results.map((r) => ({ ref: r.ref, ok: r.ok, why: r.ok ? null : r.error }))).toEqual([
      { ref: ok.ref, ok: true, why: null },
      { ref: closed.ref, ok: false, why: "A report that is resolved cannot become in progress." },
      { ref: stale.ref, ok: false, why: expect.stringMatching(/changed since you opened it/) },
      { ref: null, ok: false, why: "No report with that id." },
    ]);
    expect((await db().selectFrom("reports").select("status").where("id", "=", ok.id).executeTakeFirstOrThrow()).status).toBe("in_progress");
  });
});
