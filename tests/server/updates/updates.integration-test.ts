import { beforeEach, describe, expect, it } from "vitest";
import { addUpdate } from "@/server/domain/updates/add-update";
import { createReportChanges, type ReportChange } from "@/server/live/report-changes";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "../admin/helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const fieldOf = (err: { cause?: unknown }) => (err.cause as { field?: string } | undefined)?.field;
const events = async (reportId: string) =>
  (await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/update.added").execute()).filter((r) => (r.data as { reportId: string }).reportId === reportId);

describe("updates on a report", () => {
  it("the reporter, a citizen and staff post; kinds and effects are recorded, and each update is one event in the outbox", async () => {
    const { report, reporter } = await reportIn(db(), "in_progress");
    const citizen = await createUser(db());
    const moderator = await staff(db());
    const mine = await callerFor(db(), reporter).updates.add({ reportId: report.ref, kind: "fixed" });
    expect(mine).toMatchObject({ kind: "fixed", authorRole: "reporter", effect: "close_request", text: null });
    await callerFor(db(), citizen).updates.add({ reportId: report.id, kind: "still_there", text: "  Still a crater by the school gate.  " });
    await callerFor(db(), moderator).updates.add({ reportId: report.id, kind: "staff", text: "A crew is booked for Monday." });

    const asPublic = await callerFor(db()).updates.list({ reportId: report.ref });
    expect(asPublic.items.map((u) => [u.kind, u.authorRole, u.text])).toEqual([
      ["fixed", "reporter", null],
      ["still_there", "citizen", "Still a crater by the school gate."],
      ["staff", "staff", "A crew is booked for Monday."],
    ]);
    expect(asPublic.kinds).toEqual([]);
    expect(asPublic.pendingRequest).toBeNull();
    // Nothing about who: no ids, names or numbers.
    expect(JSON.stringify(asPublic)).not.toContain(reporter.phone);
    expect(JSON.stringify(asPublic)).not.toContain(citizen.id);
    expect((await callerFor(db(), citizen).updates.list({ reportId: report.ref })).items.map((u) => u.byMe)).toEqual([false, true, false]);
    expect((await callerFor(db(), citizen).updates.list({ reportId: report.ref })).kinds).toEqual(["note", "still_there", "fixed"]);
    expect((await callerFor(db(), moderator).updates.list({ reportId: report.ref })).kinds).toEqual(["staff"]);

    const outbox = await events(report.id);
    expect(outbox).toHaveLength(3);
    expect(outbox[0]!.data).toMatchObject({ reportId: report.id, ref: report.ref, authorId: reporter.id, kind: "fixed" });
  });

  it("a reporter's 'fixed' confirms a resolved report; 'still there' on it waits for a moderator until a staff update answers", async () => {
    const { report, reporter } = await reportIn(db(), "resolved");
    const citizen = await createUser(db());
    const moderator = await staff(db());
    expect(await callerFor(db(), reporter).updates.add({ reportId: report.id, kind: "fixed", text: "Looks good now, thanks." })).toMatchObject({ effect: "confirms_resolution" });
    expect(await callerFor(db(), citizen).updates.add({ reportId: report.id, kind: "still_there" })).toMatchObject({ effect: "reopen_request" });
    const panel = await callerFor(db(), moderator).updates.list({ reportId: report.id });
    expect(panel.pendingRequest).toMatchObject({ effect: "reopen_request" });
    // The public does not see the moderators' queue of requests.
    expect((await callerFor(db(), citizen).updates.list({ reportId: report.id })).pendingRequest).toBeNull();
    await callerFor(db(), moderator).updates.add({ reportId: report.id, kind: "staff", text: "Inspected: the patch holds; the hole is on the next street." });
    expect((await callerFor(db(), moderator).updates.list({ reportId: report.id })).pendingRequest).toBeNull();
  });

  it("refuses updates on rejected reports (not found to others) and on duplicates, and kinds that are not the poster's", async () => {
    const citizen = await createUser(db());
    const moderator = await staff(db());
    const rejected = await reportIn(db(), "rejected");
    const other = await trpcFailure(callerFor(db(), citizen).updates.add({ reportId: rejected.report.id, kind: "note", text: "Me too." }));
    expect([other.code, fieldOf(other)]).toEqual(["NOT_FOUND", "reportId"]);
    const own = await trpcFailure(callerFor(db(), rejected.reporter).updates.add({ reportId: rejected.report.id, kind: "note", text: "But why?" }));
    expect([own.code, fieldOf(own)]).toEqual(["CONFLICT", "reportId"]);
    expect((await trpcFailure(callerFor(db()).updates.list({ reportId: rejected.report.id }))).code).toBe("NOT_FOUND");

    const duplicate = await reportIn(db(), "duplicate");
    const dup = await trpcFailure(callerFor(db(), citizen).updates.add({ reportId: duplicate.report.id, kind: "still_there" }));
    expect([dup.code, fieldOf(dup)]).toEqual(["CONFLICT", "reportId"]);

    const open = await reportIn(db(), "acknowledged");
    const asStaff = await trpcFailure(callerFor(db(), citizen).updates.add({ reportId: open.report.id, kind: "staff", text: "Official!" }));
    expect([asStaff.code, fieldOf(asStaff)]).toEqual(["FORBIDDEN", "kind"]);
    const modNote = await trpcFailure(callerFor(db(), moderator).updates.add({ reportId: open.report.id, kind: "still_there" }));
    expect([modNote.code, fieldOf(modNote)]).toEqual(["FORBIDDEN", "kind"]);
    const anon = await trpcFailure(callerFor(db()).updates.add({ reportId: open.report.id, kind: "note", text: "Hello there" }));
    expect(anon.code).toBe("UNAUTHORIZED");
    expect(await db().selectFrom("report_posts").selectAll().execute()).toEqual([]);
    expect(await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/update.added").execute()).toEqual([]);
  });

  it("bad input is a 400 naming the field, never a 500", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    const citizen = await createUser(db());
    const c = callerFor(db(), citizen);
    const cases: [unknown, string][] = [
      [{ reportId: report.id, kind: "note", text: "has a \u0000 NUL" }, "text"],
      [{ reportId: report.id, kind: "note", text: "bell \u0007 inside" }, "text"],
      [{ reportId: report.id, kind: "note", text: "x".repeat(2001) }, "text"],
      [{ reportId: report.id, kind: "note", text: "x".repeat(1_000_000) }, "text"],
      [{ reportId: report.id, kind: "note", text: "  a " }, "text"],
      [{ reportId: report.id, kind: "note" }, "text"],
      [{ reportId: report.id, kind: "reopen", text: "Please" }, "kind"],
      [{ reportId: "../../etc/passwd", kind: "note", text: "Hello there" }, "reportId"],
      [{ reportId: report.id, kind: "note", text: 42 }, "text"],
    ];
    for (const [input, field] of cases) {
      const err = await trpcFailure(c.updates.add(input as never));
      expect([err.code, fieldOf(err)], JSON.stringify(input).slice(0, 80)).toEqual(["BAD_REQUEST", field]);
    }
    const missing = await trpcFailure(c.updates.add({ reportId: "00000000-0000-4000-8000-000000000000", kind: "note", text: "Anyone?" }));
    expect([missing.code, fieldOf(missing)]).toEqual(["NOT_FOUND", "reportId"]);
    // Line breaks and tabs are words a person types.
    await expect(c.updates.add({ reportId: report.id, kind: "note", text: "Line one\n\tLine two" })).resolves.toMatchObject({ text: "Line one\n\tLine two" });
    const badHide = await trpcFailure(callerFor(db(), await staff(db())).admin.hideUpdate({ updateId: "nope", reason: "spam" }));
    expect([badHide.code, fieldOf(badHide)]).toEqual(["BAD_REQUEST", "updateId"]);
  });

  it("is rate-limited per citizen, with the wait; staff are not", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    const citizen = await createUser(db());
    const now = new Date();
    const limit = { perUser: 2, windowSeconds: 600 };
    for (let i = 0; i < 2; i++) await addUpdate(db(), citizen, { reportId: report.id, kind: "still_there" }, limit, now);
    const refused = await addUpdate(db(), citizen, { reportId: report.id, kind: "still_there" }, limit, now).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    const moderator = await staff(db());
    for (let i = 0; i < 3; i++) await addUpdate(db(), moderator, { reportId: report.id, kind: "staff", text: `Staff note ${i}` }, limit, now);
    expect(await db().selectFrom("report_posts").select("id").execute()).toHaveLength(5);
  });

  it("a moderator hides an update with a reason: audited, gone from public views at once, still shown to staff", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    const citizen = await createUser(db());
    const moderator = await staff(db());
    const post = await callerFor(db(), citizen).updates.add({ reportId: report.id, kind: "note", text: "Call me on 98765 43210 for a bribe" });
    const hidden = await callerFor(db(), moderator).admin.hideUpdate({ updateId: post.id, reason: "Solicits a bribe" });
    expect(hidden).toMatchObject({ updateId: post.id, hidden: true, changed: true });
    expect((await callerFor(db()).updates.list({ reportId: report.id })).items).toEqual([]);
    expect((await callerFor(db(), citizen).updates.list({ reportId: report.id })).items).toEqual([]);
    const panel = await callerFor(db(), moderator).updates.list({ reportId: report.id });
    expect(panel.items).toMatchObject([{ id: post.id, hidden: { reason: "Solicits a bribe" } }]);
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "update.hidden").execute();
    expect(audit).toMatchObject([{ actor_id: moderator.id, resource_id: post.id, resource_type: "report_update" }]);
    // Twice is the same answer and no second audit row.
    expect(await callerFor(db(), moderator).admin.hideUpdate({ updateId: post.id, reason: "Again" })).toMatchObject({ changed: false });
    expect(await db().selectFrom("audit_log").select("id").where("action", "=", "update.hidden").execute()).toHaveLength(1);
    expect((await trpcFailure(callerFor(db(), citizen).admin.hideUpdate({ updateId: post.id, reason: "mine" }))).code).toBe("FORBIDDEN");
  });

  it("a new or hidden update reaches open report pages: it notifies the report's live channel", async () => {
    const { report, reporter } = await reportIn(db(), "acknowledged");
    const citizen = await createUser(db());
    const moderator = await staff(db());
    const changes = createReportChanges(db());
    const heard: ReportChange[] = [];
    const stop = await changes.subscribe((c) => heard.push(c));
    try {
      const post = await callerFor(db(), citizen).updates.add({ reportId: report.id, kind: "still_there" });
      await expect.poll(() => heard).toContainEqual({ reportId: report.id, reporterId: reporter.id });
      heard.length = 0;
      await callerFor(db(), moderator).admin.hideUpdate({ updateId: post.id, reason: "Duplicate of an earlier word" });
      await expect.poll(() => heard).toContainEqual({ reportId: report.id, reporterId: reporter.id });
    } finally {
      stop();
    }
  });
});
