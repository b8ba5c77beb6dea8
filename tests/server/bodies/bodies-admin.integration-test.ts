import { beforeEach, describe, expect, it } from "vitest";
import { routeReport } from "@/server/domain/bodies/route-report";
import type { AppError } from "@/server/domain/errors";
import { applyTriage } from "@/server/domain/reports/apply-triage";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { fileReport } from "../../inngest/report-created";
import { loadSampleCity, PLACES } from "./sample-city";

const db = useTestDb();
let bodies: Record<string, string>;
beforeEach(async () => {
  await truncateAll(db());
  bodies = await loadSampleCity(db());
});

const square = (w: number, s: number, e: number, n: number) => JSON.stringify({ type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const admin = async () => callerFor(db(), await createUser(db(), { role: "admin" }));

async function routed(place: { latitude: number; longitude: number }, category: string) {
  const { report } = await fileReport(db(), { ...place, category: category as "roads" });
  await routeReport(db(), report.id, { eventId: null, reason: "created" });
  return report;
}

describe("admin.saveBody", () => {
  it("creates a body, audited, and routes new reports to it", async () => {
    const saved = await (await admin()).admin.saveBody({ slug: "lake-authority", name: "Lake Authority", categories: ["environment"], isDefault: false, boundary: square(77.6, 12.9, 77.7, 13.0) });
    expect(saved).toMatchObject({ slug: "lake-authority", created: true, isDefault: false });
    expect(await db().selectFrom("audit_log").select("action").where("resource_id", "=", saved.id).execute()).toEqual([{ action: "body.created" }]);
    const report = await routed({ latitude: 12.95, longitude: 77.65 }, "environment");
    expect((await db().selectFrom("reports").select("body_id").where("id", "=", report.id).executeTakeFirstOrThrow()).body_id).toBe(saved.id);
  });

  it("keeps exactly one default: a new default takes it, and the default cannot simply be unmade", async () => {
    const caller = await admin();
    // The sample city's default has no boundary; it needs one before giving up the role.
    const refused = await trpcFailure(caller.admin.saveBody({ slug: "new-default", name: "Mayor's Office", categories: ["other"], isDefault: true, boundary: null }));
    expect(refused.code).toBe("BAD_REQUEST");
    // Said in the staff member's language, the default's slug in it.
    expect((refused.cause as AppError).inLocale("hi").message).toBe("मौजूदा डिफ़ॉल्ट (city-corporation) की कोई सीमा नहीं है: किसी दूसरे विभाग को डिफ़ॉल्ट बनाने से पहले उसे सीमा दें।");
    await caller.admin.saveBody({ slug: "city-corporation", name: "City Corporation", categories: ["other"], isDefault: true, boundary: square(77.4, 12.8, 77.8, 13.2) });
    await caller.admin.saveBody({ slug: "new-default", name: "Mayor's Office", categories: ["other"], isDefault: true, boundary: null });
    const defaults = await db().selectFrom("bodies").select("slug").where("is_default", "=", true).execute();
    expect(defaults).toEqual([{ slug: "new-default" }]);
    const err = await trpcFailure(caller.admin.saveBody({ slug: "new-default", name: "Mayor's Office", categories: ["other"], isDefault: false, boundary: null }));
    expect(err.code).toBe("BAD_REQUEST");
  });

  it("says what is wrong with a pasted boundary in the admin's language", async () => {
    const save = async (boundary: string) => trpcFailure((await admin()).admin.saveBody({ slug: "ward-9", name: "Ward 9", categories: ["roads"], isDefault: false, boundary }));
    const crossing = await save(JSON.stringify({ type: "Polygon", coordinates: [[[77, 12], [77.1, 12.1], [77.1, 12], [77, 12.1], [77, 12]]] }));
    expect((crossing.cause as AppError).fieldErrors).toEqual({ boundary: ["The boundary crosses itself."] });
    expect((crossing.cause as AppError).inLocale("hi").fieldErrors).toEqual({ boundary: ["सीमा ख़ुद को काटती है।"] });
    const notJson = await save("{ type: Polygon");
    expect((notJson.cause as AppError).inLocale("hi").message).toBe("सीमा मान्य JSON नहीं है।");
  });

  it.each([
    ["a polygon that does not close", { boundary: JSON.stringify({ type: "Polygon", coordinates: [[[77, 12], [77.1, 12], [77.1, 12.1], [77, 12.1]]] }) }, "boundary"],
    ["a polygon that crosses itself", { boundary: JSON.stringify({ type: "Polygon", coordinates: [[[77, 12], [77.1, 12.1], [77.1, 12], [77, 12.1], [77, 12]]] }) }, "boundary"],
    ["a body without categories", { categories: [] }, "categories"],
    ["an unknown category", { categories: ["potholes"] }, "categories"],
    ["a body without a boundary that is not the default", { boundary: null }, "boundary"],
    ["a boundary too big for the dashboard", { boundary: " ".repeat(10 * 1024 * 1024) }, "boundary"],
    ["a slug with spaces", { slug: "ward 9" }, "slug"],
  ])("refuses %s with 400 naming the field", async (_name, over, field) => {
    const input = { slug: "ward-9", name: "Ward 9", categories: ["roads"], isDefault: false, boundary: square(77, 12, 77.1, 12.1), ...over };
    const err = await trpcFailure((await admin()).admin.saveBody(input as never));
    expect(err.code).toBe("BAD_REQUEST");
    expect(JSON.stringify((err.cause as { fieldErrors?: unknown })?.fieldErrors ?? err.message) + JSON.stringify(err)).toContain(field);
    expect(await db().selectFrom("bodies").select("id").where("slug", "=", "ward-9").execute()).toHaveLength(0);
  });
});

describe("moderators limited to their bodies", () => {
  async function limitedModerator(...slugs: string[]) {
    const moderator = await createUser(db(), { role: "moderator" });
    await (await admin()).admin.setModeratorBodies({ userId: moderator.id, bodyIds: slugs.map((s) => bodies[s]!) });
    return { moderator, caller: callerFor(db(), moderator) };
  }

  it("sees only their bodies' reports in the queue and is refused the others (403)", async () => {
    const mine = await routed(PLACES.northWest, "roads");
    const theirs = await routed(PLACES.southEast, "water_supply");
    const { caller } = await limitedModerator("ward-north-west");

    const queue = await caller.admin.queue({});
    expect(queue.items.map((i) => i.id)).toEqual([mine.id]);
    expect(queue.items[0]).toMatchObject({ body_id: bodies["ward-north-west"], body_name: "Ward Office North-West" });

    const refused = await trpcFailure(caller.admin.report({ id: theirs.id }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((refused.cause as AppError).inLocale("hi").message).toBe("यह रिपोर्ट ऐसे विभाग की है जिसका मॉडरेशन आप नहीं करते।");
    expect((await trpcFailure(caller.admin.report({ id: theirs.ref }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(caller.admin.moderate({ reportId: theirs.id, version: 1, action: "acknowledge" }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(caller.admin.moderateBulk({ items: [{ reportId: mine.id, version: 1 }, { reportId: theirs.id, version: 1 }], action: "acknowledge" }))).code).toBe("FORBIDDEN");
    expect((await db().selectFrom("reports").select("status").where("id", "=", theirs.id).executeTakeFirstOrThrow()).status).toBe("submitted");

    await caller.admin.moderate({ reportId: mine.id, version: 1, action: "acknowledge" });
    expect(await caller.admin.report({ id: mine.id })).toMatchObject({ id: mine.id });
  });

  it("cannot hide a photo on another body's report", async () => {
    const theirs = await routed(PLACES.southEast, "water_supply");
    const uploader = await createUser(db());
    const photo = await db()
      .insertInto("report_photos")
      .values({ report_id: theirs.id, uploader_id: uploader.id, status: "ready", display_key: "d", thumb_key: "t" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { caller } = await limitedModerator("ward-north-west");
    expect((await trpcFailure(caller.admin.hidePhoto({ photoId: photo.id, reason: "Shows a face clearly" }))).code).toBe("FORBIDDEN");
    expect((await db().selectFrom("report_photos").select("status").where("id", "=", photo.id).executeTakeFirstOrThrow()).status).toBe("ready");
  });

  it("cannot hide an update on another body's report", async () => {
    const theirs = await routed(PLACES.southEast, "water_supply");
    const author = await createUser(db());
    const post = await db()
      .insertInto("report_posts")
      .values({ report_id: theirs.id, author_id: author.id, author_role: "citizen", kind: "note", text: "Still leaking this morning." })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { caller } = await limitedModerator("ward-north-west");
    const refused = await trpcFailure(caller.admin.hideUpdate({ updateId: post.id, reason: "Off topic for this report" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await db().selectFrom("report_posts").select("hidden_at").where("id", "=", post.id).executeTakeFirstOrThrow()).hidden_at).toBeNull();
  });

  it("an unlimited moderator (no bodies) and an admin see everything, and can filter by body", async () => {
    const a = await routed(PLACES.northWest, "roads");
    const b = await routed(PLACES.southEast, "water_supply");
    const free = callerFor(db(), await createUser(db(), { role: "moderator" }));
    expect((await free.admin.queue({})).items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect((await free.admin.queue({ bodyId: bodies["water-board"] })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await (await admin()).admin.queue({})).items).toHaveLength(2);
  });

  it("setting no bodies lifts the limit; the change is audited", async () => {
    const theirs = await routed(PLACES.southEast, "water_supply");
    const { moderator, caller } = await limitedModerator("ward-north-west");
    expect((await caller.admin.queue({})).items).toHaveLength(0);
    await (await admin()).admin.setModeratorBodies({ userId: moderator.id, bodyIds: [] });
    expect((await caller.admin.queue({})).items.map((i) => i.id)).toEqual([theirs.id]);
    expect(await db().selectFrom("audit_log").select("action").where("resource_id", "=", moderator.id).where("action", "=", "user.bodies_set").execute()).toHaveLength(2);
  });

  it("refuses an unknown body", async () => {
    const moderator = await createUser(db(), { role: "moderator" });
    const err = await trpcFailure((await admin()).admin.setModeratorBodies({ userId: moderator.id, bodyIds: [moderator.id] }));
    expect(err.code).toBe("BAD_REQUEST");
  });
});

describe("the body on the report page", () => {
  it("reports.byId names the body, and the timeline says where the report was sent", async () => {
    const report = await routed(PLACES.northWest, "roads");
    const page = await callerFor(db()).reports.byId({ id: report.ref });
    expect(page.body).toEqual({ id: bodies["ward-north-west"], name: "Ward Office North-West" });
    expect(page.timeline.find((e) => e.kind === "body_changed")?.change).toEqual({ body: { from: null, to: "Ward Office North-West" } });
  });
});

describe("triage routes the report by the category it sets", () => {
  it("a report filed without a category lands on the default, then on its ward once triaged", async () => {
    const { report, event } = await fileReport(db(), { ...PLACES.northEast });
    await routeReport(db(), report.id, { eventId: event.id, reason: "created" });
    expect((await db().selectFrom("reports").select("body_id").where("id", "=", report.id).executeTakeFirstOrThrow()).body_id).toBe(bodies["city-corporation"]);
    await applyTriage(db(), report.id, { classification: "garbage", confidence: 0.9, hazard: false, priority: "normal", modelVersion: "test", reasons: [] }, event.id);
    expect((await db().selectFrom("reports").select("body_id").where("id", "=", report.id).executeTakeFirstOrThrow()).body_id).toBe(bodies["ward-north-east"]);
  });
});
