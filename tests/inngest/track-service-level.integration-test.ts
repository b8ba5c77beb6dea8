import { InngestTestEngine, mockCtx } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eventSchemas } from "@/shared/events";
import { trackServiceLevel } from "@root/inngest/functions/track-service-level";
import { truncateAll, useTestDb } from "../support/test-db";
import { reportIn } from "../server/admin/helpers";
import { openResult } from "./helpers";
import { moderateAndTakeEvent } from "./status-changed";

const db = useTestDb();
const HOUR = 3_600_000;
beforeEach(async () => truncateAll(db()));
afterEach(() => vi.useRealTimers());

/** The report's report/created event as the outbox holds it. */
async function createdEvent(reportId: string) {
  const rows = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/created").execute();
  const row = rows.find((r) => (r.data as { reportId: string }).reportId === reportId)!;
  return { id: row.id, name: "report/created" as const, data: eventSchemas["report/created"].parse(row.data), ts: row.created_at.getTime() };
}

type Waited = { id: string; opts: { timeout: unknown; if?: string } };
/**
 * The engine with every wait mocked (@inngest/test cannot mock waitForEvent through `steps`; stack
 * notes §2): `answers` gives what each wait returns, an event (the target met) or null (timed out).
 */
function engine(answers: Record<string, unknown>, waited: Waited[] = [], { clockFollowsSleeps = true } = {}) {
  return new InngestTestEngine({
    function: trackServiceLevel,
    transformCtx: (raw) => {
      const ctx = mockCtx(raw);
      (ctx.step as { waitForEvent: unknown }).waitForEvent = vi.fn(async (id: string, opts: Waited["opts"]) => {
        waited.push({ id, opts });
        return answers[id] ?? null;
      });
      // A sleep "until" moves the mocked clock there, as Inngest resumes the run at that time.
      (ctx.step as { sleepUntil: unknown }).sleepUntil = vi.fn(async (id: string, until: Date) => {
        waited.push({ id, opts: { timeout: until } });
        if (clockFollowsSleeps) at(new Date(until.getTime() + 1));
      });
      return ctx;
    },
  });
}
const report = (id: string) => db().selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const missedEntries = (id: string) => db().selectFrom("report_updates").selectAll().where("report_id", "=", id).where("kind", "=", "deadline_missed").execute();
const breaches = (id: string) => db().selectFrom("service_level_breaches").selectAll().where("report_id", "=", id).execute();
/** Mocked time: only Date moves, so the database driver's timers run as usual. */
const at = (t: Date) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(t);
};

describe("track-service-level", () => {
  it("writes the deadlines from the targets at filing and waits for each stage until its deadline, on this report only", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "garbage", severity: "medium" });
    const waited: Waited[] = [];
    const ev = await createdEvent(r.id);
    await engine({}, waited).executeStep("set-deadlines", { events: [ev] });
    const row = await report(r.id);
    // garbage's default: acknowledge within 24 hours, resolve within 3 days.
    expect(row.acknowledge_by!.getTime() - row.created_at.getTime()).toBe(24 * HOUR);
    expect(row.resolve_by!.getTime() - row.created_at.getTime()).toBe(72 * HOUR);
    // A later change of target leaves the report's deadlines as they were (a retried step, too).
    await db().updateTable("service_levels").set({ acknowledge_hours: 1 }).where("category", "=", "garbage").execute();
    at(new Date(row.created_at.getTime() + HOUR));
    await engine({ "wait-acknowledge": { name: "report/status.changed" } }, waited).execute({ events: [ev] });
    expect((await report(r.id)).acknowledge_by).toEqual(row.acknowledge_by);
    expect(waited[0]).toMatchObject({ id: "wait-acknowledge", opts: { timeout: row.acknowledge_by } });
    expect(waited[0]!.opts.if).toContain(`async.data.reportId == '${r.id}'`);
    expect(waited[0]!.opts.if).toContain("async.data.to == 'acknowledged'");
    expect(waited[0]!.opts.if).not.toContain("under_review");
  });

  it("a report acknowledged in time ends the wait: met, no breach, priority as it was", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "roads", severity: "medium" });
    const ev = await createdEvent(r.id);
    await engine({}).executeStep("set-deadlines", { events: [ev] });
    const { event: acknowledged } = await moderateAndTakeEvent(db(), r.id, { action: "acknowledge" });
    const { event: resolved } = await moderateAndTakeEvent(db(), r.id, { action: "resolve", note: "Filled." });
    const { result } = await engine({ "wait-acknowledge": acknowledged, "wait-resolve": resolved }).execute({ events: [ev] });
    expect(await openResult(result)).toMatchObject({ outcomes: { acknowledge: "met", resolve: "met" } });
    const row = await report(r.id);
    expect(row).toMatchObject({ priority: "normal", service_level_breaches: 0 });
    expect(row.acknowledged_at).not.toBeNull();
    expect(row.resolved_at).not.toBeNull();
    expect(await breaches(r.id)).toEqual([]);
  });

  it("a missed acknowledge deadline escalates once, even when the event is delivered twice", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "roads", severity: "medium" });
    const ev = await createdEvent(r.id);
    await engine({}).executeStep("set-deadlines", { events: [ev] });
    const row = await report(r.id);
    // The acknowledge wait times out (null) an hour past its deadline; resolving is still in time.
    at(new Date(row.acknowledge_by!.getTime() + HOUR));
    // The resolve stage's sleeps end before its deadline here (the clock stays), so only the acknowledge stage is decided.
    const first = await engine({}, [], { clockFollowsSleeps: false }).execute({ events: [ev] });
    const second = await engine({}, [], { clockFollowsSleeps: false }).execute({ events: [ev] });
    expect(await openResult(first.result)).toMatchObject({ outcomes: { acknowledge: "breached", resolve: "pending" } });
    expect(await openResult(second.result)).toMatchObject({ outcomes: { acknowledge: "already-breached" } });
    expect(await report(r.id)).toMatchObject({ priority: "high", service_level_breaches: 1 });
    const entries = await missedEntries(r.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_role: "system", metadata: { serviceLevel: { stage: "acknowledge" }, priority: { from: "normal", to: "high" } } });
    expect(await breaches(r.id)).toHaveLength(1);
  });

  it("deadlines that passed while the worker was down fire when it is back, once each", async () => {
    const { report: r } = await reportIn(db(), "submitted", { category: "garbage", severity: "low", priority: "low", createdAt: new Date(Date.now() - 10 * 24 * HOUR) });
    const ev = await createdEvent(r.id);
    const runs = [await engine({}).execute({ events: [ev] }), await engine({}).execute({ events: [ev] })];
    expect(await openResult(runs[0]!.result)).toMatchObject({ outcomes: { acknowledge: "breached", resolve: "breached" } });
    expect(await openResult(runs[1]!.result)).toMatchObject({ outcomes: { acknowledge: "already-breached", resolve: "already-breached" } });
    // Two missed deadlines: two levels by the priority rule (low → normal → high).
    expect(await report(r.id)).toMatchObject({ priority: "high", service_level_breaches: 2 });
    expect(await missedEntries(r.id)).toHaveLength(2);
    expect((await breaches(r.id)).map((b) => b.stage).sort()).toEqual(["acknowledge", "resolve"]);
  });

  it("woken before the deadline by its own clock, a stage sleeps until the deadline and then breaches once", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "roads", severity: "medium" });
    const ev = await createdEvent(r.id);
    await engine({}).executeStep("set-deadlines", { events: [ev] });
    const row = await report(r.id);
    // The wait times out a second early by this worker's clock.
    at(new Date(row.acknowledge_by!.getTime() - 1000));
    const waited: Waited[] = [];
    const { result } = await engine({}, waited).execute({ events: [ev] });
    expect(await openResult(result)).toMatchObject({ outcomes: { acknowledge: "breached" } });
    // The engine replays the handler for each step, so a wait is seen once per replay: compare the distinct ones.
    const distinct = waited.filter((w, i) => waited.findIndex((x) => x.id === w.id) === i);
    expect(distinct.slice(0, 2)).toEqual([
      expect.objectContaining({ id: "wait-acknowledge" }),
      { id: "sleep-acknowledge-1", opts: { timeout: row.acknowledge_by } },
    ]);
    expect((await breaches(r.id)).filter((b) => b.stage === "acknowledge")).toHaveLength(1);
  });

  it("a report resolved after its deadline is recorded late, not breached again", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "garbage", severity: "medium" });
    const ev = await createdEvent(r.id);
    await engine({}).executeStep("set-deadlines", { events: [ev] });
    const { event: acknowledged } = await moderateAndTakeEvent(db(), r.id, { action: "acknowledge" });
    const row = await report(r.id);
    // The resolution is written four days after filing (the target is three).
    const { event: resolved } = await moderateAndTakeEvent(db(), r.id, { action: "resolve", note: "Cleared." });
    await db().updateTable("report_updates").set({ created_at: new Date(row.created_at.getTime() + 96 * HOUR) }).where("report_id", "=", r.id).where("to_status", "=", "resolved").execute();
    at(new Date(row.created_at.getTime() + 97 * HOUR));
    const { result } = await engine({ "wait-acknowledge": acknowledged, "wait-resolve": resolved }).execute({ events: [ev] });
    expect(await openResult(result)).toMatchObject({ outcomes: { acknowledge: "met", resolve: "late" } });
    expect((await report(r.id)).resolved_at).toEqual(new Date(row.created_at.getTime() + 96 * HOUR));
    expect(await breaches(r.id)).toEqual([]);
  });

  it("a rejected report ends both waits", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "roads", severity: "medium" });
    const ev = await createdEvent(r.id);
    await engine({}).executeStep("set-deadlines", { events: [ev] });
    const { event: rejected } = await moderateAndTakeEvent(db(), r.id, { action: "reject", rejectReason: "invalid", note: "Not a civic issue." });
    const { result } = await engine({ "wait-acknowledge": rejected, "wait-resolve": rejected }).execute({ events: [ev] });
    expect(await openResult(result)).toMatchObject({ outcomes: { acknowledge: "met", resolve: "not-applicable" } });
  });
});
