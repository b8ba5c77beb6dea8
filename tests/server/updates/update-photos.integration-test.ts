import { beforeEach, describe, expect, it } from "vitest";
import { acceptPhoto } from "@/server/domain/photos/upload-photo";
import { markPhotoReady, renderPhoto } from "@/server/domain/photos/process-photo";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { phoneJpeg } from "../../support/photo-fixtures";
import { useTempStorage } from "../../support/temp-storage";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "../admin/helpers";

const db = useTestDb();
const storage = useTempStorage();
beforeEach(async () => truncateAll(db()));
const limit = { perUser: 20, windowSeconds: 3600 };

/** Processes a photo as process-photo does (render, then publish). */
async function processed(photoId: string) {
  const rendered = await renderPhoto(db(), storage.store, photoId);
  if (rendered.outcome !== "rendered") throw new Error(`not rendered: ${rendered.outcome}`);
  await markPhotoReady(db(), storage.store, photoId, rendered);
}

/** A citizen's update with one photo processed (ready) and one still processing, and a photo of the report's own. */
async function updateWithPhotos() {
  const { report, reporter } = await reportIn(db(), "in_progress");
  const own = await acceptPhoto(db(), storage.store, { userId: reporter.id, reportId: report.id, bytes: await phoneJpeg(), limit });
  await processed(own.id);
  const author = await createUser(db());
  const update = await callerFor(db(), author).updates.add({ reportId: report.id, kind: "still_there", text: "Still there, see the photos." });
  const ready = await acceptPhoto(db(), storage.store, { userId: author.id, reportId: report.id, updateId: update.id, bytes: await phoneJpeg(), limit });
  await processed(ready.id);
  const waiting = await acceptPhoto(db(), storage.store, { userId: author.id, reportId: report.id, updateId: update.id, bytes: await phoneJpeg(), limit });
  return { report, reporter, author, update, own, ready, waiting };
}
const photoRow = (id: string) => db().selectFrom("report_photos").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const auditRows = (action: string) => db().selectFrom("audit_log").selectAll().where("action", "=", action).execute();

describe("photos on updates", () => {
  it("updates.list carries each update's photos (ready ones for everyone, every state for its author and staff); the report's own photos stay apart", async () => {
    const { report, author, update, own, ready, waiting } = await updateWithPhotos();
    const url = expect.stringMatching(/^\/media\/[A-Za-z0-9_-]{22}-display\.webp$/);
    const publicView = await callerFor(db()).updates.list({ reportId: report.ref });
    expect(publicView.items.map((u) => [u.id, u.photos])).toEqual([[update.id, [expect.objectContaining({ id: ready.id, status: "ready", url })]]]);

    const authorView = await callerFor(db(), author).updates.list({ reportId: report.ref });
    expect(authorView.items[0]!.photos.map((p) => [p.id, p.status, p.url === null])).toEqual([
      [ready.id, "ready", false],
      [waiting.id, "processing", true],
    ]);
    const staffView = await callerFor(db(), await staff(db())).updates.list({ reportId: report.ref });
    expect(staffView.items[0]!.photos.map((p) => p.id)).toEqual([ready.id, waiting.id]);
    // Another citizen sees what the public sees.
    expect((await callerFor(db(), await createUser(db())).updates.list({ reportId: report.ref })).items[0]!.photos.map((p) => p.id)).toEqual([ready.id]);

    // The report's gallery is the report's own photos; the update's are not among them.
    expect((await callerFor(db()).reports.byId({ id: report.ref })).photos.map((p) => p.id)).toEqual([own.id]);
  });

  it("hiding an update hides its photos in the same audited transaction, deletes their images, and a second hide records nothing", async () => {
    const { report, update, ready, waiting, own } = await updateWithPhotos();
    const moderator = await staff(db());
    const readyRow = await photoRow(ready.id);
    expect(await storage.store.get(readyRow.display_key!)).not.toBeNull();

    const hidden = await callerFor(db(), moderator).admin.hideUpdate({ updateId: update.id, reason: "Shows a neighbour's face" });
    expect(hidden).toMatchObject({ changed: true, photosHidden: 2 });
    for (const id of [ready.id, waiting.id]) {
      expect(await photoRow(id)).toMatchObject({ status: "hidden", hidden_reason: "Shows a neighbour's face", hidden_by: moderator.id, hidden_at: expect.any(Date) });
    }
    expect(await storage.store.get(readyRow.display_key!)).toBeNull();
    expect(await storage.store.get(readyRow.thumb_key!)).toBeNull();
    // The report's own photo is not the update's: untouched.
    expect((await photoRow(own.id)).status).toBe("ready");

    const audit = await auditRows("update.hidden");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: moderator.id, resource_id: update.id });
    expect(audit[0]!.metadata).toMatchObject({ reportId: report.id, reason: "Shows a neighbour's face", photoIds: [ready.id, waiting.id].sort() });
    expect(await auditRows("photo.hidden")).toEqual([]);

    expect((await callerFor(db()).updates.list({ reportId: report.ref })).items).toEqual([]);
    const staffView = await callerFor(db(), moderator).updates.list({ reportId: report.ref });
    expect(staffView.items[0]!.photos.map((p) => [p.status, p.url])).toEqual([
      ["hidden", null],
      ["hidden", null],
    ]);

    expect(await callerFor(db(), moderator).admin.hideUpdate({ updateId: update.id, reason: "Again" })).toMatchObject({ changed: false, photosHidden: 0 });
    expect(await auditRows("update.hidden")).toHaveLength(1);
  });

  it("a photo of an update hidden on its own is audited with its update, and leaves the update and its other photos as they are", async () => {
    const { update, ready, waiting } = await updateWithPhotos();
    const moderator = await staff(db());
    const done = await callerFor(db(), moderator).admin.hidePhoto({ photoId: ready.id, reason: "A car's number plate" });
    expect(done).toMatchObject({ photoId: ready.id, status: "hidden", changed: true });
    const [audit] = await auditRows("photo.hidden");
    expect(audit!.metadata).toMatchObject({ updateId: update.id, from: "ready", reason: "A car's number plate" });
    expect((await photoRow(waiting.id)).status).toBe("processing");
    expect((await db().selectFrom("report_posts").select("hidden_at").where("id", "=", update.id).executeTakeFirstOrThrow()).hidden_at).toBeNull();
    expect(await callerFor(db(), moderator).admin.hidePhoto({ photoId: ready.id, reason: "Again" })).toMatchObject({ changed: false });
    expect(await auditRows("photo.hidden")).toHaveLength(1);
  });
});
