import { beforeEach, describe, expect, it } from "vitest";
import { supportReport } from "@/server/domain/reports/support";
import { eventSchemas } from "@/shared/events";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn } from "../admin/helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const events = (name: string) =>
  db()
    .selectFrom("event_outbox")
    .selectAll()
    .where("name", "=", name)
    .execute();
const countOf = async (reportId: string) => (await db().selectFrom("reports").select("support_count").where("id", "=", reportId).executeTakeFirstOrThrow()).support_count;
const rowsOf = async (reportId: string) => (await db().selectFrom("report_supports").selectAll().where("report_id", "=", reportId).execute()).length;

describe("reports.support / reports.unsupport", () => {
  it("supports once: the row, the count and one report/supported event; twice answers the same count and sends nothing more", async () => {
    const { report, reporter } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const first = await callerFor(db(), citizen).reports.support({ reportId: report.id });
    expect(first).toEqual({ reportId: report.id, supportCount: 1, supported: true });
    const second = await callerFor(db(), citizen).reports.support({ reportId: report.id });
    expect(second).toEqual(first);
    expect(await rowsOf(report.id)).toBe(1);
    const sent = await events("report/supported");
    expect(sent).toHaveLength(1);
    expect(eventSchemas["report/supported"].parse(sent[0]!.data)).toMatchObject({ reportId: report.id, ref: report.ref, reporterId: reporter.id, supporterId: citizen.id, supportCount: 1 });
  });

  it("withdraws once: the count goes back and one report/unsupported event; withdrawing again is harmless", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    const [a, b] = [await createUser(db()), await createUser(db())];
    await callerFor(db(), a).reports.support({ reportId: report.id });
    await callerFor(db(), b).reports.support({ reportId: report.id });
    expect(await callerFor(db(), a).reports.unsupport({ reportId: report.id })).toEqual({ reportId: report.id, supportCount: 1, supported: false });
    expect(await callerFor(db(), a).reports.unsupport({ reportId: report.id })).toEqual({ reportId: report.id, supportCount: 1, supported: false });
    expect(await events("report/unsupported")).toHaveLength(1);
    expect(await countOf(report.id)).toBe(1);
  });

  it("concurrent supports by one citizen make one row and one event", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const answers = await Promise.all(Array.from({ length: 8 }, () => supportReport(db(), citizen.id, report.id)));
    expect(answers.every((a) => a.supportCount === 1 && a.supported)).toBe(true);
    expect(await rowsOf(report.id)).toBe(1);
    expect(await countOf(report.id)).toBe(1);
    expect(await events("report/supported")).toHaveLength(1);
  });

  it("concurrent supports by many citizens count each once", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizens = await Promise.all(Array.from({ length: 6 }, () => createUser(db())));
    await Promise.all(citizens.map((c) => supportReport(db(), c.id, report.id)));
    expect(await countOf(report.id)).toBe(6);
    expect(await rowsOf(report.id)).toBe(6);
  });

  it.each([
    ["resolved", "CONFLICT", /closed/],
    ["duplicate", "CONFLICT", /closed/],
    ["rejected", "NOT_FOUND", /No report/],
  ] as const)("refuses a %s report with %s naming reportId, and writes nothing", async (status, code, message) => {
    const { report } = await reportIn(db(), status);
    const citizen = await createUser(db());
    const err = await failure(callerFor(db(), citizen).reports.support({ reportId: report.id }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect((err.cause as { field?: string } | undefined)?.field ?? (err as unknown as { field?: string }).field).toBe("reportId");
    expect(await rowsOf(report.id)).toBe(0);
    expect(await events("report/supported")).toHaveLength(0);
  });

  it("refuses a missing report, the reporter's own report, a visitor and a malformed id, each a 4xx", async () => {
    const { report, reporter } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const missing = await failure(callerFor(db(), citizen).reports.support({ reportId: "00000000-0000-4000-8000-000000000000" }));
    expect(missing.code).toBe("NOT_FOUND");
    const own = await failure(callerFor(db(), reporter).reports.support({ reportId: report.id }));
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toMatch(/your own report/);
    const visitor = await failure(callerFor(db()).reports.support({ reportId: report.id }));
    expect(visitor.code).toBe("UNAUTHORIZED");
    const bad = await failure(callerFor(db(), citizen).reports.support({ reportId: "CL-2026-000001'; drop table reports;--" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/reportId/);
    expect(await countOf(report.id)).toBe(0);
  });

  it("refuses a session that was signed out, a session of an ended epoch and a suspended account, writing no support", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    await db().insertInto("revoked_sessions").values({ sid: "signed-out", user_id: citizen.id, expires_at: new Date(Date.now() + 3600_000) }).execute();
    const signedOut = await failure(callerFor(db(), { ...citizen, sid: "signed-out" }).reports.support({ reportId: report.id }));
    expect(signedOut.code).toBe("UNAUTHORIZED");
    const oldEpoch = await failure(callerFor(db(), { ...citizen, session_epoch: citizen.session_epoch + 1 }).reports.support({ reportId: report.id }));
    expect(oldEpoch.code).toBe("UNAUTHORIZED");
    await db().updateTable("users").set({ status: "suspended" }).where("id", "=", citizen.id).execute();
    const suspended = await failure(callerFor(db(), citizen).reports.unsupport({ reportId: report.id }));
    expect(suspended.code).toBe("UNAUTHORIZED");
    expect(await rowsOf(report.id)).toBe(0);
    expect(await events("report/supported")).toHaveLength(0);
  });

  it("limits how often one citizen may support and withdraw", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const limit = { perUser: 3, windowSeconds: 60 };
    await supportReport(db(), citizen.id, report.id, limit);
    const { unsupportReport } = await import("@/server/domain/reports/support");
    await unsupportReport(db(), citizen.id, report.id, limit);
    await supportReport(db(), citizen.id, report.id, limit);
    await expect(unsupportReport(db(), citizen.id, report.id, limit)).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(await countOf(report.id)).toBe(1);
  });

  it("reports.byId and admin.queue show the count; byId says what the viewer may do", async () => {
    const { report, reporter } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const mod = await createUser(db(), { role: "moderator" });
    await callerFor(db(), citizen).reports.support({ reportId: report.id });

    const mine = await callerFor(db(), citizen).reports.byId({ id: report.ref });
    expect(mine).toMatchObject({ supportCount: 1, supportedByMe: true, followedByMe: false, canSupport: true, canFollow: true, duplicateOf: null });
    const own = await callerFor(db(), reporter).reports.byId({ id: report.id });
    expect(own).toMatchObject({ supportCount: 1, supportedByMe: false, followedByMe: true, canSupport: false, canFollow: true });
    const visitor = await callerFor(db()).reports.byId({ id: report.id });
    expect(visitor).toMatchObject({ supportCount: 1, supportedByMe: false, followedByMe: false, canSupport: false, canFollow: false });

    const queue = await callerFor(db(), mod).admin.queue({});
    expect(queue.items.find((i) => i.id === report.id)).toMatchObject({ supportCount: 1 });
  });

  it("a duplicate's page names the report it duplicates", async () => {
    const { report: original } = await reportIn(db(), "under_review");
    const { report: dup } = await reportIn(db(), "under_review");
    const mod = await createUser(db(), { role: "moderator" });
    await callerFor(db(), mod).admin.moderate({ reportId: dup.id, version: dup.version, action: "duplicate", duplicateOf: original.ref });
    const page = await callerFor(db()).reports.byId({ id: dup.ref });
    expect(page.duplicateOf).toEqual({ ref: original.ref, title: original.title });
    expect(page.canFollow).toBe(false);
  });
});
