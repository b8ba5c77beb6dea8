import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { moderateReport } from "@/server/domain/admin/moderate-report";
import { applyTriage } from "@/server/domain/reports/apply-triage";
import { getReport } from "@/server/domain/reports/get-report";
import { listFeed, listReportsByReporter } from "@/server/domain/reports/report-queries";
import { assertTransition, canTransition } from "@/server/domain/reports/status";
import { submitReport } from "@/server/domain/reports/submit-report";
import { STATUSES } from "@/shared/report-catalog";
import { client, createUser, limits, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const verdict = { classification: "roads" as const, confidence: 0.91, hazard: false, priority: "high" as const, modelVersion: "test", reasons: ["high severity"] };

describe("submitReport", () => {
  it("writes the report, its first timeline entry and the report/created event together", async () => {
    const user = await createUser(db());
    const report = await submitReport(db(), user.id, reportInput({ category: "roads" }), client, limits);
    expect(report.ref).toMatch(/^CL-\d{4}-\d{6}$/);
    expect(report.status).toBe("submitted");
    const updates = await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).execute();
    expect(updates).toMatchObject([{ kind: "submitted", to_status: "submitted", actor_id: user.id }]);
    const events = await db().selectFrom("event_outbox").selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ name: "report/created" });
    expect(events[0]!.data).toMatchObject({ reportId: report.id, reporterId: user.id, ref: report.ref, category: "roads", severity: "high", ip: client.ip, userAgent: "vitest" });
  });

  it("gives each report the next public reference", async () => {
    const user = await createUser(db());
    const a = await submitReport(db(), user.id, reportInput(), client, limits);
    const b = await submitReport(db(), user.id, reportInput(), client, limits);
    const num = (ref: string) => Number(ref.split("-")[2]);
    expect(num(b.ref)).toBe(num(a.ref) + 1);
  });

  it("keeps refs unique and readable past a million reports (lpad alone cut the millionth to CL-<year>-100000)", async () => {
    const user = await createUser(db());
    await sql`select setval('reports_number_seq', 99999)`.execute(db());
    const hundredThousandth = await submitReport(db(), user.id, reportInput(), client, limits);
    await sql`select setval('reports_number_seq', 999999)`.execute(db());
    const millionth = await submitReport(db(), user.id, reportInput(), client, limits);
    const next = await submitReport(db(), user.id, reportInput(), client, limits);
    expect(hundredThousandth.ref).toMatch(/^CL-\d{4}-100000$/);
    expect(millionth.ref).toMatch(/^CL-\d{4}-1000000$/);
    expect(next.ref).toMatch(/^CL-\d{4}-1000001$/);
    const found = await db().selectFrom("reports").select("id").where("ref", "=", millionth.ref).executeTakeFirstOrThrow();
    expect(found.id).toBe(millionth.id);
  });

  it("leaves neither the report nor the event when the transaction fails after the insert", async () => {
    const user = await createUser(db());
    await sql`create function fail_outbox() returns trigger language plpgsql as $$ begin raise exception 'outbox down'; end $$`.execute(db());
    await sql`create trigger fail_outbox before insert on event_outbox for each row execute function fail_outbox()`.execute(db());
    try {
      await expect(submitReport(db(), user.id, reportInput(), client, limits)).rejects.toThrow(/outbox down/);
      expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(0);
      expect(await db().selectFrom("report_updates").selectAll().execute()).toHaveLength(0);
      expect(await db().selectFrom("rate_limit_windows").selectAll().execute()).toHaveLength(0);
    } finally {
      await sql`drop trigger fail_outbox on event_outbox`.execute(db());
      await sql`drop function fail_outbox`.execute(db());
    }
  });

  it("allows 10 reports per user per hour, then answers with retry-after", async () => {
    const user = await createUser(db());
    for (let i = 0; i < 10; i++) await submitReport(db(), user.id, reportInput(), client, limits);
    const err = await submitReport(db(), user.id, reportInput(), client, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    expect((err as AppError).retryAfterSeconds).toBeGreaterThan(3500);
    const other = await createUser(db());
    await expect(submitReport(db(), other.id, reportInput(), client, limits)).resolves.toBeDefined();
  });
});

describe("submitReport under a burst", () => {
  it("files exactly the limit when many requests of one citizen race", async () => {
    const user = await createUser(db());
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => submitReport(db(), user.id, reportInput(), client, limits)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limits.perUser);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "RATE_LIMITED" });
    expect(await db().selectFrom("reports").select("id").execute()).toHaveLength(limits.perUser);
    expect(await db().selectFrom("event_outbox").select("id").execute()).toHaveLength(limits.perUser);
  });
});

describe("submitReport with a submission key", () => {
  const key = "4f7c2a9e-1b3d-4e5f-8a6b-7c8d9e0f1a2b";
  const rows = async (table: "reports" | "report_updates" | "event_outbox") => (await db().selectFrom(table).select("id").execute()).length;

  it("files once when the same attempt is sent again, and answers the second time with the same report", async () => {
    const user = await createUser(db());
    const first = await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    const again = await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    expect(again).toEqual(first);
    expect([await rows("reports"), await rows("report_updates"), await rows("event_outbox")]).toEqual([1, 1, 1]);
  });

  it("files once when two sends of one attempt race", async () => {
    const user = await createUser(db());
    const both = await Promise.all([1, 2, 3].map(() => submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits)));
    expect(new Set(both.map((r) => r.id)).size).toBe(1);
    expect([await rows("reports"), await rows("report_updates"), await rows("event_outbox")]).toEqual([1, 1, 1]);
  });

  it("keeps keys apart per reporter and per key", async () => {
    const [a, b] = [await createUser(db()), await createUser(db())];
    const mine = await submitReport(db(), a.id, reportInput({ submissionKey: key }), client, limits);
    const theirs = await submitReport(db(), b.id, reportInput({ submissionKey: key }), client, limits);
    const next = await submitReport(db(), a.id, reportInput({ submissionKey: "0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70" }), client, limits);
    expect(new Set([mine.id, theirs.id, next.id]).size).toBe(3);
  });

  it("refuses a key sent again with a different report, naming the field", async () => {
    const user = await createUser(db());
    await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    const err = await submitReport(db(), user.id, reportInput({ submissionKey: key, title: "Streetlight out on 5th Cross" }), client, limits).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", field: "submissionKey" });
    expect(await rows("reports")).toBe(1);
  });

  it.each([
    ["severity", { severity: "critical" as const }],
    ["location", { latitude: 12.98 }],
    ["category", { category: "roads" as const }],
    ["address", { address: "Opposite the temple gate" }],
  ])("refuses a resend whose %s was edited after the lost answer, instead of dropping the edit", async (_, edit) => {
    const user = await createUser(db());
    const first = await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    const err = await submitReport(db(), user.id, reportInput({ submissionKey: key, ...edit }), client, limits).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", field: "submissionKey", message: expect.stringContaining(first.ref) });
    expect(await rows("reports")).toBe(1);
  });

  it("answers a resend with the report after triage changed its category (the citizen's own is what counts)", async () => {
    const user = await createUser(db());
    const first = await submitReport(db(), user.id, reportInput({ submissionKey: key, address: "Near the bus stop" }), client, limits);
    await applyTriage(db(), first.id, { ...verdict, classification: "garbage" }, "evt-resend");
    const again = await submitReport(db(), user.id, reportInput({ submissionKey: key, address: "Near the bus stop" }), client, limits).catch((e: unknown) => e);
    expect(again).toMatchObject({ id: first.id, ref: first.ref, category: "garbage", status: "under_review" });
  });

  it("answers a resend with the report after a moderator corrected its severity (the citizen's own is what counts)", async () => {
    const user = await createUser(db());
    const moderator = await createUser(db(), { role: "moderator" });
    const first = await submitReport(db(), user.id, reportInput({ submissionKey: key, severity: "low" }), client, limits);
    await moderateReport(db(), { id: moderator.id, role: "moderator" }, { reportId: first.id, version: 1, action: "recategorize", severity: "critical" });
    const again = await submitReport(db(), user.id, reportInput({ submissionKey: key, severity: "low" }), client, limits).catch((e: unknown) => e);
    expect(again).toMatchObject({ id: first.id, ref: first.ref, severity: "critical" });
    // An edit of the citizen's own severity is still an edit.
    await expect(submitReport(db(), user.id, reportInput({ submissionKey: key, severity: "high" }), client, limits)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a resend from an account suspended since the report was filed", async () => {
    const user = await createUser(db());
    await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    await db().updateTable("users").set({ status: "suspended" }).where("id", "=", user.id).execute();
    await expect(submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await rows("reports")).toBe(1);
  });

  it("answers a resend with the report even when the hour's limit is used up", async () => {
    const user = await createUser(db());
    for (let i = 0; i < limits.perUser - 1; i++) await submitReport(db(), user.id, reportInput(), client, limits);
    const last = await submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits);
    await expect(submitReport(db(), user.id, reportInput({ submissionKey: key }), client, limits)).resolves.toEqual(last);
    await expect(submitReport(db(), user.id, reportInput(), client, limits)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("status transitions", () => {
  it("follows the lifecycle and closes resolved, rejected and duplicate reports", () => {
    expect(canTransition("submitted", "under_review")).toBe(true);
    expect(canTransition("under_review", "acknowledged")).toBe(true);
    expect(canTransition("acknowledged", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "resolved")).toBe(true);
    expect(canTransition("resolved", "in_progress")).toBe(false);
    expect(canTransition("in_progress", "submitted")).toBe(false);
    for (const closed of ["resolved", "rejected", "duplicate"] as const) {
      for (const to of STATUSES) expect(canTransition(closed, to)).toBe(false);
    }
    expect(() => assertTransition("resolved", "acknowledged")).toThrow(/resolved cannot become acknowledged/);
  });
});

describe("applyTriage", () => {
  it("fills category and priority, moves to under_review with a timeline entry, once", async () => {
    const user = await createUser(db());
    const report = await submitReport(db(), user.id, reportInput(), client, limits);
    expect(await applyTriage(db(), report.id, verdict, "evt-1")).toMatchObject({ applied: true, status: "under_review", category: "roads" });
    expect(await applyTriage(db(), report.id, verdict, "evt-1")).toMatchObject({ applied: false });
    const row = await db().selectFrom("reports").selectAll().where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "under_review", category: "roads", priority: "high", classification: "roads", classifier_agreed: null, version: 2 });
    const triaged = await db().selectFrom("report_updates").selectAll().where("kind", "=", "triaged").execute();
    expect(triaged).toHaveLength(1);
  });

  it("keeps the citizen's category and records whether the classifier agreed", async () => {
    const user = await createUser(db());
    const chose = await submitReport(db(), user.id, reportInput({ category: "drainage" }), client, limits);
    await applyTriage(db(), chose.id, verdict, "evt-2");
    const row = await db().selectFrom("reports").selectAll().where("id", "=", chose.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ category: "drainage", classification: "roads", classifier_agreed: false });
  });
});

describe("queries", () => {
  it("pages my reports and the public feed newest first with keyset cursors, without gaps or repeats", async () => {
    const user = await createUser(db());
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await submitReport(db(), user.id, reportInput({ title: `Report number ${i}` }), client, { perUser: 100, windowSeconds: 3600 })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await listReportsByReporter(db(), user.id, { cursor, limit: 3 });
      seen.push(...p.items.map((r) => r.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const feed = await listFeed(db(), { limit: 50 });
    expect(feed.items).toHaveLength(7);
    expect(feed.items[0]).not.toHaveProperty("reporter_id");
  });

  it("filters the feed by status, category and area, and hides rejected reports", async () => {
    const user = await createUser(db());
    const big = { perUser: 100, windowSeconds: 3600 };
    const a = await submitReport(db(), user.id, reportInput({ category: "roads", latitude: 19.07, longitude: 72.87 }), client, big);
    const b = await submitReport(db(), user.id, reportInput({ category: "garbage", latitude: 28.61, longitude: 77.2 }), client, big);
    const c = await submitReport(db(), user.id, reportInput({ category: "garbage", latitude: 28.62, longitude: 77.21 }), client, big);
    await db().updateTable("reports").set({ status: "rejected" }).where("id", "=", c.id).execute();
    const ids = async (f: Parameters<typeof listFeed>[1]) => (await listFeed(db(), f)).items.map((r) => r.id);
    expect(await ids({ limit: 10 })).toEqual([b.id, a.id]);
    expect(await ids({ limit: 10, category: "garbage" })).toEqual([b.id]);
    // Rejected is not a public status: reports.feed's schema refuses it (tests/server/routers/report-reads).
    expect(await ids({ limit: 10, bbox: { south: 28, west: 77, north: 29, east: 78 } })).toEqual([b.id]);
    await expect(listFeed(db(), { limit: 10, cursor: "garbage" })).rejects.toMatchObject({ code: "INVALID_INPUT", field: "cursor" });
  });

  it("shows background runs and triage details only to the reporter and staff", async () => {
    const owner = await createUser(db());
    const stranger = await createUser(db());
    const mod = await createUser(db(), { role: "moderator" });
    const report = await submitReport(db(), owner.id, reportInput(), client, limits);
    await db().insertInto("task_runs").values({ run_id: "r1", function_id: "triage-report", subject_id: report.id, status: "failed", error: "boom" }).execute();
    const asOwner = await getReport(db(), report.ref, { id: owner.id, role: "citizen" });
    expect(asOwner).toMatchObject({ isOwner: true, runs: [{ functionId: "triage-report", status: "failed", error: "failed; the team has been told" }] });
    expect((await getReport(db(), report.id, { id: mod.id, role: "moderator" })).runs?.[0]?.error).toBe("boom");
    const asStranger = await getReport(db(), report.ref, { id: stranger.id, role: "citizen" });
    expect(asStranger).toMatchObject({ runs: null, triage: null, isOwner: false });
    expect(await getReport(db(), report.ref, null)).toMatchObject({ runs: null });
    await expect(getReport(db(), "CL-1999-000001", null)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
