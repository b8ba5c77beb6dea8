import { beforeEach, describe, expect, it } from "vitest";
import { settleStage, setDeadlines } from "@/server/domain/service-levels/track";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn } from "../admin/helpers";
import { moderateAndTakeEvent } from "../../inngest/status-changed";

const db = useTestDb();
const HOUR = 3_600_000;
beforeEach(async () => truncateAll(db()));

const admin = async () => callerFor(db(), await createUser(db(), { role: "admin" }) as never);
const target = (category: string, priority = "any") =>
  db().selectFrom("service_levels").select(["acknowledge_hours", "resolve_days"]).where("category", "=", category).where("priority", "=", priority).executeTakeFirst();

describe("serviceLevels.list and set", () => {
  it("every category has a default, readable by anyone", async () => {
    const list = await callerFor(db()).serviceLevels.list();
    expect(new Set(list.map((t) => t.category)).size).toBe(11);
    expect(list.find((t) => t.category === "public_safety")).toMatchObject({ priority: "any", acknowledgeHours: 4, resolveDays: 2 });
  });

  it("an admin sets a category's default and one priority's own target, each audited with what it was", async () => {
    const c = await admin();
    expect(await c.serviceLevels.set({ category: "roads", acknowledgeHours: 36, resolveDays: 10 })).toMatchObject({ priority: "any", previous: { acknowledgeHours: 48, resolveDays: 14 } });
    expect(await c.serviceLevels.set({ category: "roads", priority: "urgent", acknowledgeHours: 2, resolveDays: 1 })).toMatchObject({ previous: null });
    expect(await target("roads")).toEqual({ acknowledge_hours: 36, resolve_days: 10 });
    expect(await target("roads", "urgent")).toEqual({ acknowledge_hours: 2, resolve_days: 1 });
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "service_level.set").orderBy("seq").execute();
    expect(audit.map((a) => a.resource_id)).toEqual(["roads:any", "roads:urgent"]);
    expect(audit[0]!.metadata).toMatchObject({ from: { acknowledgeHours: 48, resolveDays: 14 }, to: { acknowledgeHours: 36, resolveDays: 10 } });

    // An urgent roads report gets the urgent target; a normal one the category's default.
    const { report: urgent } = await reportIn(db(), "under_review", { category: "roads", priority: "urgent" });
    const deadlines = await setDeadlines(db(), urgent.id);
    expect(new Date(deadlines!.acknowledgeBy).getTime() - urgent.created_at.getTime()).toBe(2 * HOUR);
  });

  it.each([
    [{ acknowledgeHours: 0, resolveDays: 3 }, "acknowledgeHours"],
    [{ acknowledgeHours: -4, resolveDays: 3 }, "acknowledgeHours"],
    [{ acknowledgeHours: 8761, resolveDays: 3 }, "acknowledgeHours"],
    [{ acknowledgeHours: 1.5, resolveDays: 3 }, "acknowledgeHours"],
    [{ acknowledgeHours: 24, resolveDays: 0 }, "resolveDays"],
    [{ acknowledgeHours: 24, resolveDays: 366 }, "resolveDays"],
    [{ acknowledgeHours: 24, resolveDays: Number.POSITIVE_INFINITY }, "resolveDays"],
  ])("refuses %o naming %s, and changes nothing", async (bad, field) => {
    const err = await failure((await admin()).serviceLevels.set({ category: "garbage", ...bad }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.cause).toMatchObject({ field });
    expect(await target("garbage")).toEqual({ acknowledge_hours: 24, resolve_days: 3 });
    expect(await db().selectFrom("audit_log").select("id").where("action", "=", "service_level.set").execute()).toEqual([]);
  });

  it("refuses an unknown category or priority naming it", async () => {
    const c = await admin();
    expect((await failure(c.serviceLevels.set({ category: "moon" as never, acknowledgeHours: 1, resolveDays: 1 }))).cause).toMatchObject({ field: "category" });
    expect((await failure(c.serviceLevels.set({ category: "roads", priority: "asap" as never, acknowledgeHours: 1, resolveDays: 1 }))).cause).toMatchObject({ field: "priority" });
    expect((await failure(callerFor(db(), await createUser(db(), { role: "moderator" }) as never).serviceLevels.compliance({ days: 8 as never }))).cause).toMatchObject({ field: "days" });
  });
});

describe("reports.byId and serviceLevels.compliance", () => {
  it("the report page carries the deadlines and whether each was met", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "garbage" });
    expect(await callerFor(db()).reports.byId({ id: r.ref })).toMatchObject({ acknowledgeBy: null, resolveBy: null, acknowledgeMet: null, resolveMet: null });
    await setDeadlines(db(), r.id);
    const before = await callerFor(db()).reports.byId({ id: r.ref });
    expect(before.acknowledgeBy).toEqual(new Date(r.created_at.getTime() + 24 * HOUR));
    expect(before).toMatchObject({ acknowledgeMet: null, resolveMet: null });
    await moderateAndTakeEvent(db(), r.id, { action: "acknowledge" });
    expect(await callerFor(db()).reports.byId({ id: r.ref })).toMatchObject({ acknowledgeMet: true, resolveMet: null });
  });

  it("a missed deadline is said on the timeline from what it recorded", async () => {
    const { report: r } = await reportIn(db(), "under_review", { category: "garbage", severity: "medium", createdAt: new Date(Date.now() - 30 * HOUR) });
    await setDeadlines(db(), r.id);
    await settleStage(db(), r.id, "acknowledge");
    const page = await callerFor(db()).reports.byId({ id: r.ref });
    expect(page).toMatchObject({ priority: "high", acknowledgeMet: false });
    expect(page.timeline.at(-1)).toMatchObject({ kind: "deadline_missed", actorRole: "system", change: { missedStage: "acknowledge", priority: { from: "normal", to: "high" } } });
  });

  it("compliance per category: on-time shares, median and p90 hours, and the overdue list", async () => {
    const mod = callerFor(db(), (await createUser(db(), { role: "moderator" })) as never);
    const now = Date.now();
    // Three garbage reports (24 h to acknowledge): acknowledged after 2 h and 30 h, and one not at all, filed 48 h ago.
    const filed = new Date(now - 48 * HOUR);
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push((await reportIn(db(), "under_review", { category: "garbage", createdAt: filed })).report);
    for (const r of reports) await setDeadlines(db(), r.id);
    for (const [r, hours] of [[reports[0]!, 2], [reports[1]!, 30]] as const) {
      await moderateAndTakeEvent(db(), r.id, { action: "acknowledge" });
      await db().updateTable("report_updates").set({ created_at: new Date(filed.getTime() + hours * HOUR) }).where("report_id", "=", r.id).where("to_status", "=", "acknowledged").execute();
    }
    const { categories, overdue } = await mod.serviceLevels.compliance({ days: 7 });
    const garbage = categories.find((c) => c.category === "garbage")!;
    expect(garbage).toMatchObject({ filed: 3, acknowledged: { met: 1, decided: 3, onTimePercent: 33, medianHours: 16, p90Hours: 27.2 } });
    expect(garbage.resolved).toMatchObject({ decided: 0, onTimePercent: null });
    expect(overdue).toEqual([expect.objectContaining({ ref: reports[2]!.ref, stage: "acknowledge", deadline: new Date(filed.getTime() + 24 * HOUR) })]);
    // Outside the window: nothing.
    await db().updateTable("reports").set({ created_at: new Date(now - 20 * 24 * HOUR) }).execute();
    expect((await mod.serviceLevels.compliance({ days: 7 })).categories).toEqual([]);
    expect((await mod.serviceLevels.compliance({ days: 30 })).categories).toHaveLength(1);
  });
});
