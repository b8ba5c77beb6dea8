import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { routeReportFn } from "@root/inngest/functions/route-report";
import { moderateReport } from "@/server/domain/admin/moderate-report";
import { moveReport } from "@/server/domain/admin/move-report";
import { eventSchemas } from "@/shared/events";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { loadSampleCity, PLACES } from "../server/bodies/sample-city";
import { fileReport } from "./report-created";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: routeReportFn });
let bodies: Record<string, string>;
beforeEach(async () => {
  await truncateAll(db());
  bodies = await loadSampleCity(db());
});

const bodyOf = async (id: string) => (await db().selectFrom("reports").select("body_id").where("id", "=", id).executeTakeFirstOrThrow()).body_id;
const entries = (id: string) => db().selectFrom("report_updates").selectAll().where("report_id", "=", id).where("kind", "=", "body_changed").orderBy("created_at").execute();
const audits = (id: string) => db().selectFrom("audit_log").selectAll().where("resource_id", "=", id).where("action", "=", "report.routed").execute();

describe("route-report on report/created", () => {
  it("routes by boundary and category, once however often the event is delivered", async () => {
    const { report, event } = await fileReport(db(), { ...PLACES.northWest, category: "roads" });
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] }); // duplicate delivery
    expect(await bodyOf(report.id)).toBe(bodies["ward-north-west"]);
    const [entry, ...more] = await entries(report.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ actor_role: "system", note: null, metadata: expect.objectContaining({ body: { from: null, to: "Ward Office North-West" } }) });
    expect(await audits(report.id)).toHaveLength(1);
  });

  it("sends water to the water board and electricity to the electricity company, wherever in the city", async () => {
    const water = await fileReport(db(), { ...PLACES.southEast, category: "water_supply" });
    const power = await fileReport(db(), { ...PLACES.northEast, category: "electricity" });
    await engine().execute({ events: [water.event] });
    await engine().execute({ events: [power.event] });
    expect(await bodyOf(water.report.id)).toBe(bodies["water-board"]);
    expect(await bodyOf(power.report.id)).toBe(bodies["electricity-company"]);
  });

  it("respects the hole: the cantonment inside the north-east ward is the cantonment board's", async () => {
    const { report, event } = await fileReport(db(), { ...PLACES.cantonment, category: "garbage" });
    await engine().execute({ events: [event] });
    expect(await bodyOf(report.id)).toBe(bodies["cantonment-board"]);
  });

  it("falls back to the default body outside every boundary, and for a report not yet categorised", async () => {
    const outside = await fileReport(db(), { ...PLACES.outsideCity, category: "roads" });
    const uncategorised = await fileReport(db(), { ...PLACES.northWest });
    await engine().execute({ events: [outside.event] });
    await engine().execute({ events: [uncategorised.event] });
    expect(await bodyOf(outside.report.id)).toBe(bodies["city-corporation"]);
    expect(await bodyOf(uncategorised.report.id)).toBe(bodies["city-corporation"]);
  });
});

describe("re-routing", () => {
  it("a moderator's recategorisation asks for a route, and the report moves body with one entry and one audit row", async () => {
    const { report, event } = await fileReport(db(), { ...PLACES.northWest, category: "roads" });
    await engine().execute({ events: [event] });
    const moderator = await createUser(db(), { role: "moderator" });
    await moderateReport(db(), { id: moderator.id, role: "moderator" }, { reportId: report.id, version: 1, action: "recategorize", category: "water_supply" });
    const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/route.requested").executeTakeFirstOrThrow();
    const requested = { id: row.id, name: "report/route.requested" as const, data: eventSchemas["report/route.requested"].parse(row.data) };
    expect(requested.data).toMatchObject({ reportId: report.id, reason: "recategorized", actorId: moderator.id });

    await engine().execute({ events: [requested] });
    await engine().execute({ events: [requested] }); // duplicate delivery
    expect(await bodyOf(report.id)).toBe(bodies["water-board"]);
    const list = await entries(report.id);
    expect(list.map((e) => (e.metadata as { body: unknown }).body)).toEqual([
      { from: null, to: "Ward Office North-West" },
      { from: "Ward Office North-West", to: "City Water Supply and Sewerage Board" },
    ]);
    expect(await audits(report.id)).toHaveLength(2);
  });

  it("a moderator's move asks for a route, and the report goes to the body of its new place", async () => {
    const { report, event } = await fileReport(db(), { ...PLACES.northWest, category: "garbage" });
    await engine().execute({ events: [event] });
    const moderator = await createUser(db(), { role: "moderator" });
    await moveReport(db(), { id: moderator.id, role: "moderator" }, { reportId: report.id, version: 1, ...PLACES.cantonment });
    const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/route.requested").executeTakeFirstOrThrow();
    const requested = { id: row.id, name: "report/route.requested" as const, data: eventSchemas["report/route.requested"].parse(row.data) };
    expect(requested.data).toMatchObject({ reportId: report.id, reason: "moved", actorId: moderator.id });

    await engine().execute({ events: [requested] });
    await engine().execute({ events: [requested] }); // duplicate delivery
    expect(await bodyOf(report.id)).toBe(bodies["cantonment-board"]);
    const list = await entries(report.id);
    expect(list.map((e) => e.metadata)).toEqual([
      expect.objectContaining({ body: { from: null, to: "Ward Office North-West" } }),
      expect.objectContaining({ body: { from: "Ward Office North-West", to: "Cantonment Board" }, reason: "moved" }),
    ]);
    const routed = await audits(report.id);
    expect(routed.map((a) => (a.metadata as { reason: string }).reason)).toEqual(["created", "moved"]);
  });

  it("a correction of severity alone asks for nothing", async () => {
    const { report } = await fileReport(db(), { ...PLACES.northWest, category: "roads", severity: "low" });
    const moderator = await createUser(db(), { role: "moderator" });
    await moderateReport(db(), { id: moderator.id, role: "moderator" }, { reportId: report.id, version: 1, action: "recategorize", severity: "high" });
    expect(await db().selectFrom("event_outbox").select("id").where("name", "=", "report/route.requested").execute()).toHaveLength(0);
  });
});
