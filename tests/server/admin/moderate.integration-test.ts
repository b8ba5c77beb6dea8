import { beforeEach, describe, expect, it } from "vitest";
import { eventSchemas } from "@/shared/events";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { truncateAll, useTestDb } from "../../support/test-db";
import { outboxFor, reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

describe("admin.moderate", () => {
  it("acknowledges in one go: status, version, public timeline entry, audit row and the status event", async () => {
    const mod = await staff(db());
    const { report, reporter } = await reportIn(db(), "under_review");
    const res = await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "acknowledge", note: "We have asked the roads team to look." });
    expect(res).toMatchObject({ from: "under_review", to: "acknowledged", version: report.version + 1 });

    const row = await db().selectFrom("reports").selectAll().where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "acknowledged", version: report.version + 1 });
    const entry = await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).where("kind", "=", "status_changed").executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ from_status: "under_review", to_status: "acknowledged", actor_id: mod.id, actor_role: "moderator", note: "We have asked the roads team to look." });
    const audit = await db().selectFrom("audit_log").selectAll().where("resource_id", "=", report.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "report.acknowledge", actor_id: mod.id, resource_type: "report", ip: "203.0.113.9", user_agent: "vitest" });
    expect(audit[0]!.metadata).toMatchObject({ from: "under_review", to: "acknowledged", eventId: res.eventId });

    const events = await outboxFor(db(), report.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(res.eventId);
    const data = eventSchemas["report/status.changed"].parse(events[0]!.data);
    expect(data).toMatchObject({ reportId: report.id, ref: report.ref, reporterId: reporter.id, from: "under_review", to: "acknowledged", action: "acknowledge", actorId: mod.id });

    // The reporter sees it on the public report page.
    const view = await callerFor(db(), reporter).reports.byId({ id: report.ref });
    expect(view.status).toBe("acknowledged");
    expect(view.timeline.at(-1)).toMatchObject({ kind: "status_changed", toStatus: "acknowledged", note: "We have asked the roads team to look." });
  });

  it.each([
    ["resolve", "submitted", /submitted cannot become resolved/],
    ["start", "submitted", /submitted cannot become in progress/],
    ["acknowledge", "resolved", /resolved cannot become acknowledged/],
    ["reject", "duplicate", /duplicate cannot become rejected/],
    ["acknowledge", "acknowledged", /acknowledged cannot become acknowledged/],
  ] as const)("refuses %s on a %s report with CONFLICT and writes nothing", async (action, status, message) => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), status);
    const err = await failure(callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action, note: "done", rejectReason: "invalid" }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(message);
    expect((await db().selectFrom("reports").select(["status", "version"]).where("id", "=", report.id).executeTakeFirstOrThrow())).toEqual({ status, version: report.version });
    expect(await db().selectFrom("audit_log").selectAll().where("resource_id", "=", report.id).execute()).toHaveLength(0);
    expect(await outboxFor(db(), report.id)).toHaveLength(0);
  });

  it("follows the whole lifecycle and stores the resolution note", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "under_review");
    const c = callerFor(db(), mod).admin;
    let v = report.version;
    v = (await c.moderate({ reportId: report.id, version: v, action: "acknowledge" })).version;
    v = (await c.moderate({ reportId: report.id, version: v, action: "start" })).version;
    const done = await c.moderate({ reportId: report.id, version: v, action: "resolve", note: "Pothole filled and resurfaced." });
    expect(done.to).toBe("resolved");
    const row = await db().selectFrom("reports").select(["status", "resolution_note"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "resolved", resolution_note: "Pothole filled and resurfaced." });
    expect((await outboxFor(db(), report.id)).map((e) => (e.data as { to: string }).to)).toEqual(["acknowledged", "in_progress", "resolved"]);
  });

  it("requires a note to resolve, a reason to reject, and a real other report for duplicate", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "acknowledged");
    const { report: other } = await reportIn(db(), "under_review");
    const c = callerFor(db(), mod).admin;
    const base = { reportId: report.id, version: report.version };
    expect((await failure(c.moderate({ ...base, action: "resolve" })))).toMatchObject({ message: expect.stringMatching(/^Resolving needs a note/), cause: { field: "note" } });
    expect((await failure(c.moderate({ ...base, action: "resolve", note: "   " })))).toMatchObject({ cause: { field: "note" } });
    expect((await failure(c.moderate({ ...base, action: "reject" })))).toMatchObject({ message: expect.stringMatching(/^Rejecting needs a reason/), cause: { field: "rejectReason" } });
    expect((await failure(c.moderate({ ...base, action: "reject", rejectReason: "bogus" as never }))).code).toBe("BAD_REQUEST");
    expect((await failure(c.moderate({ ...base, action: "duplicate" })))).toMatchObject({ cause: { field: "duplicateOf" } });
    expect((await failure(c.moderate({ ...base, action: "duplicate", duplicateOf: report.ref }))).message).toMatch(/duplicate of itself/);
    expect((await failure(c.moderate({ ...base, action: "duplicate", duplicateOf: "CL-1999-000001" }))).message).toMatch(/No report CL-1999-000001/);
    expect((await db().selectFrom("reports").select("version").where("id", "=", report.id).executeTakeFirstOrThrow()).version).toBe(report.version);

    const dup = await c.moderate({ ...base, action: "duplicate", duplicateOf: other.ref });
    expect(dup.to).toBe("duplicate");
    const row = await db().selectFrom("reports").select(["status", "duplicate_of"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "duplicate", duplicate_of: other.id });
    expect((await outboxFor(db(), report.id))[0]!.data).toMatchObject({ duplicateOf: other.id, action: "duplicate" });
  });

  it("rejects with the reason on the event, the timeline and the audit row", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "under_review");
    await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "reject", rejectReason: "spam", note: "Advertisement." });
    expect((await outboxFor(db(), report.id))[0]!.data).toMatchObject({ to: "rejected", rejectReason: "spam" });
    const entry = await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).where("kind", "=", "status_changed").executeTakeFirstOrThrow();
    expect(entry.metadata).toMatchObject({ rejectReason: "spam" });
    const audit = await db().selectFrom("audit_log").selectAll().where("resource_id", "=", report.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "report.reject" });
    expect(audit.metadata).toMatchObject({ rejectReason: "spam", note: "Advertisement." });
  });

  it("recategorizes without a status change or a status event", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "acknowledged", { category: "roads", severity: "low" });
    const res = await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "recategorize", category: "drainage", severity: "high" });
    expect(res).toMatchObject({ from: "acknowledged", to: "acknowledged", eventId: null });
    const row = await db().selectFrom("reports").select(["status", "category", "severity", "version"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "acknowledged", category: "drainage", severity: "high", version: report.version + 1 });
    const entry = await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).where("kind", "=", "category_changed").executeTakeFirstOrThrow();
    // No words of CivicLens's own in the note: the page says the change from the metadata, in the reader's language.
    expect(entry.note).toBeNull();
    expect(entry.metadata).toMatchObject({ category: { from: "roads", to: "drainage" }, severity: { from: "low", to: "high" } });
    expect(await outboxFor(db(), report.id)).toHaveLength(0);
    expect(await db().selectFrom("audit_log").select("action").where("resource_id", "=", report.id).execute()).toEqual([{ action: "report.recategorize" }]);
    const same = callerFor(db(), mod).admin.moderate({ reportId: report.id, version: res.version, action: "recategorize", category: "drainage", severity: "high" });
    expect((await failure(same)).message).toMatch(/already the report's category/);
    const sameCategoryOnly = callerFor(db(), mod).admin.moderate({ reportId: report.id, version: res.version, action: "recategorize", category: "drainage" });
    expect((await failure(sameCategoryOnly)).message).toMatch(/already the report's category/);
  });

  it("refuses a stale version with a CONFLICT that names the current status", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "under_review");
    const c = callerFor(db(), mod).admin;
    await c.moderate({ reportId: report.id, version: report.version, action: "acknowledge" });
    const err = await failure(c.moderate({ reportId: report.id, version: report.version, action: "reject", rejectReason: "invalid" }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe("This report changed since you opened it (now acknowledged); reload and try again.");
  });

  it("lets exactly one of two moderators acting on the same version win", async () => {
    const [a, b] = [await staff(db()), await staff(db(), "admin")];
    for (let round = 0; round < 3; round++) {
      const { report } = await reportIn(db(), "under_review");
      const results = await Promise.allSettled([
        callerFor(db(), a).admin.moderate({ reportId: report.id, version: report.version, action: "acknowledge" }),
        callerFor(db(), b).admin.moderate({ reportId: report.id, version: report.version, action: "reject", rejectReason: "invalid" }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since you opened it \(now (acknowledged|rejected)\)/) });
      const row = await db().selectFrom("reports").select(["status", "version"]).where("id", "=", report.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(report.version + 1);
      expect(await outboxFor(db(), report.id)).toHaveLength(1);
      expect(await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).where("kind", "=", "status_changed").execute()).toHaveLength(1);
      expect(await db().selectFrom("audit_log").selectAll().where("resource_id", "=", report.id).execute()).toHaveLength(1);
    }
  });
});

describe("admin.moderateBulk", () => {
  it("applies the action per item, each in its own transaction, with a result per item", async () => {
    const mod = await staff(db());
    const ok1 = (await reportIn(db(), "under_review")).report;
    const ok2 = (await reportIn(db(), "submitted")).report;
    const closed = (await reportIn(db(), "resolved")).report;
    const stale = (await reportIn(db(), "under_review")).report;
    const results = await callerFor(db(), mod).admin.moderateBulk({
      action: "acknowledge",
      note: "Seen.",
      items: [
        { reportId: ok1.id, version: ok1.version },
        { reportId: ok2.id, version: ok2.version },
        { reportId: closed.id, version: closed.version },
        { reportId: stale.id, version: stale.version + 7 },
      ],
    });
    expect(results.map((r) => [r.reportId, r.ok])).toEqual([
      [ok1.id, true],
      [ok2.id, true],
      [closed.id, false],
      [stale.id, false],
    ]);
    expect(results[2]).toMatchObject({ code: "CONFLICT", error: expect.stringMatching(/resolved cannot become acknowledged/) });
    expect(results[3]).toMatchObject({ code: "CONFLICT", error: expect.stringMatching(/changed since you opened it \(now under review\)/) });
    const statuses = await db().selectFrom("reports").select(["id", "status"]).where("id", "in", [ok1.id, ok2.id, closed.id, stale.id]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [ok1.id]: "acknowledged", [ok2.id]: "acknowledged", [closed.id]: "resolved", [stale.id]: "under_review" });
    expect(await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/status.changed").execute()).toHaveLength(2);
    expect(await db().selectFrom("audit_log").selectAll().where("action", "=", "report.acknowledge").execute()).toHaveLength(2);
  });

  it("reports a missing requirement per item instead of failing the batch", async () => {
    const mod = await staff(db());
    const a = (await reportIn(db(), "in_progress")).report;
    const results = await callerFor(db(), mod).admin.moderateBulk({ action: "resolve", items: [{ reportId: a.id, version: a.version }] });
    expect(results).toEqual([{ reportId: a.id, ref: a.ref, ok: false, code: "INVALID_INPUT", error: "Resolving needs a note saying what was done.", field: "note" }]);
  });
});
