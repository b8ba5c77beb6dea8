import { beforeEach, describe, expect, it } from "vitest";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { inngestRunUrl } from "@/server/domain/admin/get-task-monitor";
import { resetEnvForTests } from "@/server/config/env";
import type { EventPayload } from "@/shared/events";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

describe("admin.auditLog", () => {
  it("pages newest first with filters and keeps metadata", async () => {
    const mod = await staff(db());
    const base = Date.now() - 60_000;
    for (let i = 0; i < 7; i++) {
      await db()
        .insertInto("audit_log")
        .values({ action: i % 2 ? "report.acknowledge" : "user.role_changed", actor_id: mod.id, resource_id: `r${i}`, metadata: JSON.stringify({ i }), created_at: new Date(base + i * 1000) })
        .execute();
    }
    const c = callerFor(db(), mod).admin;
    const first = await c.auditLog({ limit: 3 });
    expect(first.items.map((r) => r.resource_id)).toEqual(["r6", "r5", "r4"]);
    expect(first.items[0]).toMatchObject({ metadata: { i: 6 }, actor_id: mod.id, actor_role: "moderator", actor_phone: expect.stringMatching(/•/) });
    const second = await c.auditLog({ limit: 3, cursor: first.nextCursor! });
    const third = await c.auditLog({ limit: 3, cursor: second.nextCursor! });
    expect([...second.items, ...third.items].map((r) => r.resource_id)).toEqual(["r3", "r2", "r1", "r0"]);
    expect(third.nextCursor).toBeNull();
    expect((await c.auditLog({ action: "report.acknowledge" })).items.map((r) => r.resource_id)).toEqual(["r5", "r3", "r1"]);
    expect((await c.auditLog({ action: "report." })).items).toHaveLength(3);
    expect((await c.auditLog({ resourceId: "r2" })).items).toHaveLength(1);
    expect((await c.auditLog({ actorId: mod.id, from: new Date(base + 4500) })).items.map((r) => r.resource_id)).toEqual(["r6", "r5"]);
    expect(await c.auditActions()).toEqual(["report.acknowledge", "user.role_changed"]);
  });
});

describe("admin.users and admin.setRole", () => {
  it("finds users by name or phone digits, phones masked", async () => {
    const admin = await staff(db(), "admin");
    const u = await createUser(db(), { name: "Kavya Rao" });
    const c = callerFor(db(), admin).admin;
    expect((await c.users({ query: "kavya" })).map((x) => x.id)).toEqual([u.id]);
    const byDigits = await c.users({ query: u.phone.slice(-6) });
    expect(byDigits.map((x) => x.id)).toEqual([u.id]);
    expect(byDigits[0]!.phone).not.toBe(u.phone);
    expect(byDigits[0]!.phone.endsWith(u.phone.slice(-3))).toBe(true);
  });

  it("changes a role with a synchronous audit row; refuses self-demotion and moderators", async () => {
    const admin = await staff(db(), "admin");
    const mod = await staff(db());
    const u = await createUser(db());
    const res = await callerFor(db(), admin).admin.setRole({ userId: u.id, role: "moderator" });
    expect(res).toMatchObject({ from: "citizen", to: "moderator", changed: true });
    expect((await db().selectFrom("users").select("role").where("id", "=", u.id).executeTakeFirstOrThrow()).role).toBe("moderator");
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "user.role_changed").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, resource_id: u.id, metadata: { from: "citizen", to: "moderator", via: "admin" } });

    // The change ends the sessions the user had; the next sign-in (under the new epoch) carries the new role,
    // which is read from the database, not the cookie.
    expect((await failure(callerFor(db(), { ...u, role: "citizen" }).admin.queue({}))).code).toBe("UNAUTHORIZED");
    expect((await callerFor(db(), { ...u, role: "citizen", session_epoch: u.session_epoch + 1 }).admin.queue({})).items).toEqual([]);

    const self = await failure(callerFor(db(), admin).admin.setRole({ userId: admin.id, role: "citizen" }));
    expect(self).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/your own role/) });
    expect((await failure(callerFor(db(), mod).admin.setRole({ userId: u.id, role: "admin" }))).code).toBe("FORBIDDEN");
    expect((await failure(callerFor(db(), admin).admin.setRole({ userId: "00000000-0000-4000-8000-000000000000", role: "admin" }))).code).toBe("NOT_FOUND");
    expect(await db().selectFrom("audit_log").selectAll().where("action", "=", "user.role_changed").execute()).toHaveLength(1);
  });
});

describe("admin.tasks", () => {
  it("summarises the outbox, per-function runs over an hour and a day, and dead letters (open first)", async () => {
    const mod = await staff(db());
    const now = Date.now();
    const run = (id: string, fn: string, status: "completed" | "failed", minutesAgo: number, duration: number, error: string | null = null) =>
      db()
        .insertInto("task_runs")
        .values({ run_id: id, function_id: fn, status, started_at: new Date(now - minutesAgo * 60_000), finished_at: new Date(now - minutesAgo * 60_000 + duration), duration_ms: duration, error })
        .execute();
    await run("r1", "triage-report", "completed", 5, 100);
    await run("r2", "triage-report", "completed", 10, 200);
    await run("r3", "triage-report", "failed", 20, 300, "model missing");
    await run("r4", "triage-report", "completed", 180, 1000);
    await run("r5", "record-audit", "completed", 30 * 60, 50); // older than a day: not counted
    await db().insertInto("event_outbox").values({ name: "report/created", data: JSON.stringify({}), created_at: new Date(now - 300_000), last_error: "fetch failed", attempts: 3, last_attempt_at: new Date(now - 10_000) }).execute();
    await db().insertInto("event_outbox").values({ name: "report/created", data: JSON.stringify({}), sent_at: new Date(now - 1000) }).execute();
    await db().insertInto("dead_letters").values({ function_id: "civiclens-notify-reporter", run_id: "old", event_name: "report/status.changed", event_data: JSON.stringify({ a: 1 }), error: "x", status: "resent", created_at: new Date(now - 1000) }).execute();
    await db().insertInto("dead_letters").values({ function_id: "civiclens-notify-reporter", run_id: "new", event_name: "report/status.changed", event_data: JSON.stringify({ a: 2 }), error: "Resend said 500", created_at: new Date(now - 60_000) }).execute();

    const t = await callerFor(db(), mod).admin.tasks();
    expect(t.outbox).toMatchObject({ pending: 1, failing: 1, lastError: "fetch failed", warning: true });
    expect(t.outbox.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(299);
    const triage = t.functions.find((f) => f.functionId === "triage-report")!;
    expect(triage.hour).toEqual({ runs: 3, failures: 1, failureRate: 1 / 3, p50Ms: 200, p95Ms: 290 });
    expect(triage.day).toMatchObject({ runs: 4, failures: 1, failureRate: 0.25, p50Ms: 250 });
    expect(triage.lastError).toBe("model missing");
    expect(t.functions.map((f) => f.functionId)).toEqual(["triage-report"]);
    expect(t.deadLetters.map((d) => [d.runId, d.status])).toEqual([["new", "open"], ["old", "resent"]]);
    expect(t.recentRuns[0]).toMatchObject({ runId: "r1", url: null });
  });

  it("builds Inngest UI run links when INNGEST_UI_URL is set", async () => {
    expect(inngestRunUrl("http://localhost:8288/", "01HX Y")).toBe("http://localhost:8288/run?runID=01HX%20Y");
    expect(inngestRunUrl(undefined, "r")).toBeNull();
    process.env.INNGEST_UI_URL = "http://localhost:8288";
    resetEnvForTests();
    try {
      await db().insertInto("task_runs").values({ run_id: "run-1", function_id: "f", status: "completed" }).execute();
      const t = await callerFor(db(), await staff(db())).admin.tasks();
      expect(t.inngestUiUrl).toBe("http://localhost:8288");
      expect(t.recentRuns[0]!.url).toBe("http://localhost:8288/run?runID=run-1");
    } finally {
      delete process.env.INNGEST_UI_URL;
      resetEnvForTests();
    }
  });
});

describe("admin.resendDeadLetter", () => {
  it("re-emits the original event under a new id, marks the letter, audits; only once", async () => {
    const admin = await staff(db(), "admin");
    const { reporter, report } = await reportIn(db(), "acknowledged");
    const data: EventPayload<"report/status.changed"> = {
      reportId: report.id,
      ref: report.ref,
      reporterId: reporter.id,
      from: "under_review",
      to: "acknowledged",
      action: "acknowledge",
      actorId: admin.id,
      note: null,
      rejectReason: null,
      duplicateOf: null,
      at: new Date().toISOString(),
    };
    const letter = await db()
      .insertInto("dead_letters")
      .values({ function_id: "civiclens-notify-reporter", run_id: "run-x", event_id: "orig-event", event_name: "report/status.changed", event_data: JSON.stringify(data), error: "boom" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = callerFor(db(), admin).admin;
    const res = await c.resendDeadLetter({ id: letter.id });
    expect(res.eventId).not.toBe("orig-event");
    const out = await db().selectFrom("event_outbox").selectAll().where("id", "=", res.eventId).executeTakeFirstOrThrow();
    expect(out).toMatchObject({ name: "report/status.changed", data, sent_at: null });
    const row = await db().selectFrom("dead_letters").selectAll().where("id", "=", letter.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "resent", resent_by: admin.id, resent_event_id: res.eventId });
    expect(row.resent_at).toBeInstanceOf(Date);
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "dead_letter.resent").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: admin.id, resource_id: letter.id, metadata: { originalEventId: "orig-event", newEventId: res.eventId } });

    expect((await failure(c.resendDeadLetter({ id: letter.id }))).code).toBe("CONFLICT");
    expect(await db().selectFrom("event_outbox").selectAll().execute()).toHaveLength(2); // report/created + the resend
    expect((await failure(callerFor(db(), await staff(db())).admin.resendDeadLetter({ id: letter.id }))).code).toBe("FORBIDDEN");
  });

  it.each([
    ["an event outside the contract", "inngest/scheduled.timer", { cron: "0 * * * *" }, "inngest/scheduled.timer is not an event CivicLens sends"],
    ["a payload its schema refuses", "report/status.changed", { reportId: "r-1", to: "acknowledged" }, "the report/status.changed event no longer matches its schema"],
  ])("refuses to re-send %s, and leaves the letter open", async (_what, eventName, data, message) => {
    const admin = await staff(db(), "admin");
    const letter = await db()
      .insertInto("dead_letters")
      .values({ function_id: "civiclens-notify-reporter", run_id: `run-${eventName}`, event_name: eventName, event_data: JSON.stringify(data), error: "boom" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const err = await failure(callerFor(db(), admin).admin.resendDeadLetter({ id: letter.id }));
    expect(err).toMatchObject({ code: "CONFLICT", message: `Not re-sent: ${message}.` });
    expect(await db().selectFrom("dead_letters").select("status").where("id", "=", letter.id).executeTakeFirstOrThrow()).toEqual({ status: "open" });
    expect(await db().selectFrom("event_outbox").selectAll().execute()).toHaveLength(0);
  });
});
