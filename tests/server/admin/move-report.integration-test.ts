import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { routeReport } from "@/server/domain/bodies/route-report";
import { eventSchemas } from "@/shared/events";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { fileReport } from "../../inngest/report-created";
import { loadSampleCity, PLACES } from "../bodies/sample-city";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const routeRequests = (reportId: string) =>
  db()
    .selectFrom("event_outbox")
    .selectAll()
    .where("name", "=", "report/route.requested")
    .execute()
    .then((rows) => rows.filter((r) => (r.data as { reportId?: string }).reportId === reportId));

/** Reports the map counts in the finest cell holding a point. */
async function mapCount(latitude: number, longitude: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(report_count), 0)::int as n from report_map_cells
    where level = 17 and x = map_cell_x(${longitude}::float8, 17) and y = map_cell_y(${latitude}::float8, 17)
  `.execute(db());
  return rows[0]!.n;
}

describe("admin.moveReport", () => {
  it("moves a report in one go: the point, the version, a public timeline entry, the audit row and a route request", async () => {
    const mod = await staff(db());
    const { report, reporter } = await reportIn(db(), "acknowledged");
    const before = await mapCount(report.latitude, report.longitude);
    const res = await callerFor(db(), mod).admin.moveReport({ reportId: report.id, version: report.version, latitude: 12.98001234567, longitude: 77.60002, note: "The pin was on the wrong side of the lake." });
    expect(res).toMatchObject({ reportId: report.id, ref: report.ref, version: report.version + 1 });

    // Rounded to a centimetre, as a filing's coordinates are; the status is untouched.
    const row = await db().selectFrom("reports").selectAll().where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ latitude: 12.9800123, longitude: 77.60002, status: "acknowledged", version: report.version + 1 });
    expect(await mapCount(report.latitude, report.longitude)).toBe(before - 1);
    expect(await mapCount(12.9800123, 77.60002)).toBe(1);

    const entry = await db().selectFrom("report_updates").selectAll().where("report_id", "=", report.id).where("kind", "=", "location_changed").executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: mod.id, actor_role: "moderator", note: "The pin was on the wrong side of the lake.", to_status: null });
    expect(entry.metadata).toMatchObject({ location: { from: { latitude: report.latitude, longitude: report.longitude }, to: { latitude: 12.9800123, longitude: 77.60002 } } });

    const audit = await db().selectFrom("audit_log").selectAll().where("resource_id", "=", report.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "report.move", actor_id: mod.id, resource_type: "report", ip: "203.0.113.9", user_agent: "vitest" });
    expect(audit[0]!.metadata).toMatchObject({ ref: report.ref, version: report.version + 1, eventId: res.eventId });

    const [event, ...more] = await routeRequests(report.id);
    expect(more).toHaveLength(0);
    expect(event!.id).toBe(res.eventId);
    expect(eventSchemas["report/route.requested"].parse(event!.data)).toMatchObject({ reportId: report.id, reason: "moved", actorId: mod.id });

    // The reporter sees the correction on the public page, at the new place.
    const view = await callerFor(db(), reporter).reports.byId({ id: report.ref });
    expect(view).toMatchObject({ latitude: 12.9800123, longitude: 77.60002 });
    expect(view.timeline.at(-1)).toMatchObject({ kind: "location_changed", note: "The pin was on the wrong side of the lake." });
  });

  it("moves nothing on a version another moderator already changed (409 naming version)", async () => {
    const { report } = await reportIn(db(), "under_review");
    const first = callerFor(db(), await staff(db()));
    const second = callerFor(db(), await staff(db()));
    await first.admin.moveReport({ reportId: report.id, version: report.version, latitude: 12.99, longitude: 77.61 });
    const err = await trpcFailure(second.admin.moveReport({ reportId: report.id, version: report.version, latitude: 13.01, longitude: 77.62 }));
    expect(err).toMatchObject({ code: "CONFLICT", cause: { field: "version" } });
    const row = await db().selectFrom("reports").select(["latitude", "longitude", "version"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ latitude: 12.99, longitude: 77.61, version: report.version + 1 });
    expect(await routeRequests(report.id)).toHaveLength(1);
  });

  it.each([
    ["the place it already is", { latitude: 12.9716, longitude: 77.5946 }, "latitude"],
    ["a latitude off the globe", { latitude: 91, longitude: 77.5 }, "latitude"],
    ["a longitude off the globe", { latitude: 12.9, longitude: -181 }, "longitude"],
    ["a latitude that is no number", { latitude: Number.NaN, longitude: 77.5 }, "latitude"],
    ["a longitude left out", { latitude: 12.9 }, "longitude"],
  ])("refuses %s with a 400 naming the field, and writes nothing", async (_name, point, field) => {
    const { report } = await reportIn(db(), "under_review");
    const err = await trpcFailure(callerFor(db(), await staff(db())).admin.moveReport({ reportId: report.id, version: report.version, ...point } as never));
    expect(err.code).toBe("BAD_REQUEST");
    const fields = (err.cause as { field?: string; issues?: { path: unknown[] }[] } | undefined) ?? {};
    expect([fields.field, ...(fields.issues ?? []).map((i) => i.path[0])]).toContain(field);
    expect((await db().selectFrom("reports").select("version").where("id", "=", report.id).executeTakeFirstOrThrow()).version).toBe(report.version);
    expect(await routeRequests(report.id)).toHaveLength(0);
  });

  it("answers 404 naming reportId for a report that does not exist", async () => {
    const err = await trpcFailure(callerFor(db(), await staff(db())).admin.moveReport({ reportId: "00000000-0000-4000-8000-000000000000", version: 1, latitude: 12.9, longitude: 77.5 }));
    expect(err.code).toBe("NOT_FOUND");
  });

  it("refuses a moderator limited to other bodies (403), and lets them move their own bodies' reports", async () => {
    const bodies = await loadSampleCity(db());
    const mine = await fileReport(db(), { ...PLACES.northWest, category: "roads" });
    const theirs = await fileReport(db(), { ...PLACES.southEast, category: "water_supply" });
    await routeReport(db(), mine.report.id, { eventId: null, reason: "created" });
    await routeReport(db(), theirs.report.id, { eventId: null, reason: "created" });
    const moderator = await createUser(db(), { role: "moderator" });
    await callerFor(db(), await createUser(db(), { role: "admin" })).admin.setModeratorBodies({ userId: moderator.id, bodyIds: [bodies["ward-north-west"]!] });
    const caller = callerFor(db(), moderator);

    const refused = await trpcFailure(caller.admin.moveReport({ reportId: theirs.report.id, version: 1, latitude: PLACES.northWest.latitude, longitude: PLACES.northWest.longitude }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(await routeRequests(theirs.report.id)).toHaveLength(0);
    await caller.admin.moveReport({ reportId: mine.report.id, version: 1, latitude: PLACES.northWest.latitude + 0.001, longitude: PLACES.northWest.longitude });
    expect(await routeRequests(mine.report.id)).toHaveLength(1);
  });
});
