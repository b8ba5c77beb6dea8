import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { supportReport, unsupportReport } from "@/server/domain/reports/support";
import { eventSchemas } from "@/shared/events";
import { recomputePriority } from "@root/inngest/functions/recompute-priority";
import { callerFor } from "../support/caller";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { reportIn } from "../server/admin/helpers";
import { openResult } from "./helpers";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: recomputePriority });
beforeEach(async () => truncateAll(db()));

/** The last support event in the outbox, as Inngest would deliver it (the outbox row id is the event id). */
async function lastEvent(name: "report/supported" | "report/unsupported") {
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", name).orderBy("seq", "desc").executeTakeFirstOrThrow();
  return { id: row.id, name, ts: Date.now(), data: eventSchemas[name].parse(row.data) };
}
const report = (id: string) => db().selectFrom("reports").select(["priority", "support_count"]).where("id", "=", id).executeTakeFirstOrThrow();
const entries = (id: string) => db().selectFrom("report_updates").selectAll().where("report_id", "=", id).where("kind", "=", "priority_changed").execute();

describe("recompute-priority", () => {
  it("the fifth support raises a low report to normal with one timeline entry; the same event again changes nothing", async () => {
    const { report: r } = await reportIn(db(), "under_review", { severity: "low", priority: "low" });
    for (let i = 0; i < 4; i++) await supportReport(db(), (await createUser(db())).id, r.id);
    const fourth = await lastEvent("report/supported");
    expect(await openResult((await engine().execute({ events: [fourth] })).result)).toEqual({ changed: false, priority: "low" });

    await supportReport(db(), (await createUser(db())).id, r.id);
    const fifth = await lastEvent("report/supported");
    expect(await openResult((await engine().execute({ events: [fifth] })).result)).toEqual({ changed: true, from: "low", to: "normal" });
    await engine().execute({ events: [fifth] });
    await engine().execute({ events: [fifth] });

    expect(await report(r.id)).toEqual({ priority: "normal", support_count: 5 });
    const timeline = await entries(r.id);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ event_id: fifth.id, actor_role: "system", note: "Priority raised to normal: 5 residents support it." });
    // The public page shows it in the timeline, as no status change.
    const page = await callerFor(db()).reports.byId({ id: r.ref });
    expect(page.priority).toBe("normal");
    expect(page.timeline.at(-1)).toMatchObject({ kind: "priority_changed", toStatus: null, note: "Priority raised to normal: 5 residents support it." });
  });

  it("a withdrawal below five lowers it again", async () => {
    const { report: r } = await reportIn(db(), "acknowledged", { severity: "medium", priority: "high" });
    const citizens = [];
    for (let i = 0; i < 5; i++) citizens.push(await createUser(db()));
    for (const c of citizens) await supportReport(db(), c.id, r.id);
    await unsupportReport(db(), citizens[0]!.id, r.id);
    const { result } = await engine().execute({ events: [await lastEvent("report/unsupported")] });
    expect(await openResult(result)).toEqual({ changed: true, from: "high", to: "normal" });
    expect((await entries(r.id))[0]!.note).toBe("Priority lowered to normal: 4 residents support it.");
  });

  it("leaves an untriaged report to triage and a closed one as it closed", async () => {
    const { report: open } = await reportIn(db(), "submitted", { severity: "low", priority: null });
    await db().updateTable("reports").set({ support_count: 10 }).where("id", "=", open.id).execute();
    const base = { ref: open.ref, reporterId: randomUUID(), supporterId: randomUUID(), supportCount: 10, at: new Date().toISOString() };
    const untriaged = await engine().execute({ events: [{ id: randomUUID(), name: "report/supported", data: { reportId: open.id, ...base } }] });
    expect(await openResult(untriaged.result)).toEqual({ changed: false, priority: null, reason: "not triaged yet" });

    const { report: closed } = await reportIn(db(), "resolved", { severity: "low", priority: "low" });
    await db().updateTable("reports").set({ support_count: 10 }).where("id", "=", closed.id).execute();
    const done = await engine().execute({ events: [{ id: randomUUID(), name: "report/unsupported", data: { reportId: closed.id, ...base } }] });
    expect(await openResult(done.result)).toEqual({ changed: false, priority: "low", reason: "closed" });
  });
});
