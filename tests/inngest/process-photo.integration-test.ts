import { InngestTestEngine } from "@inngest/test";
import exifr from "exifr";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { processPhoto } from "@root/inngest/functions/process-photo";
import { acceptPhoto } from "@/server/domain/photos/upload-photo";
import { addUpdate } from "@/server/domain/updates/add-update";
import { hideUpdate } from "@/server/domain/updates/hide-update";
import { eventSchemas } from "@/shared/events";
import { expectConsoleError } from "../support/console-guard";
import { FIXTURE_GPS, phoneJpeg, plainImage, truncatedJpeg } from "../support/photo-fixtures";
import { useTempStorage } from "../support/temp-storage";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { fileReport } from "./report-created";

const db = useTestDb();
const storage = useTempStorage();
beforeEach(async () => truncateAll(db()));

const engine = () => new InngestTestEngine({ function: processPhoto });
const photoRow = (id: string) => db().selectFrom("report_photos").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** Uploads through the domain, as the route does, and returns the event the outbox holds for it. */
async function uploaded(bytes: Buffer) {
  const { user, report } = await fileReport(db());
  const { id } = await acceptPhoto(db(), storage.store, { userId: user.id, reportId: report.id, bytes, limit: { perUser: 10, windowSeconds: 3600 } });
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/photo.uploaded").orderBy("seq", "desc").executeTakeFirstOrThrow();
  const event = { id: row.id, name: "report/photo.uploaded" as const, data: eventSchemas["report/photo.uploaded"].parse(row.data), ts: row.created_at.getTime() };
  return { id, event, row: await photoRow(id), report, user };
}

/** A photo row whose quarantined "original" is whatever bytes the test likes (the upload's checks would refuse them). */
async function planted(bytes: Buffer) {
  const { id, event, row } = await uploaded(await plainImage("jpeg"));
  await storage.store.put(row.original_key!, bytes, "image/jpeg");
  return { id, event, row };
}

async function readBack(key: string | null) {
  const bytes = await storage.store.get(key!);
  expect(bytes).not.toBeNull();
  return bytes!;
}

describe("process-photo on report/photo.uploaded", () => {
  it("writes an upright display image and thumbnail with no metadata at all, records them, and deletes the original", async () => {
    const original = await phoneJpeg(2000, 1500);
    // The fixture carries what a phone writes: the test would prove nothing otherwise.
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(FIXTURE_GPS.latitude, 4), longitude: expect.closeTo(FIXTURE_GPS.longitude, 4) });
    expect((await sharp(original).metadata()).orientation).toBe(6);

    const { id, event, row } = await uploaded(original);
    const { error } = await engine().execute({ events: [event] });
    expect(error).toBeUndefined();

    const ready = await photoRow(id);
    // Stored 2000×1500 with "rotate 90°": shown 1500×2000, so the display image is 1200×1600.
    expect(ready).toMatchObject({ status: "ready", width: 1200, height: 1600, original_key: null, failure_reason: null });
    const display = await readBack(row.display_key);
    const thumb = await readBack(row.thumb_key);
    expect(ready.bytes).toBe(display.length);
    expect(ready.sha256).toMatch(/^[0-9a-f]{64}$/);

    for (const [image, width, height] of [[display, 1200, 1600], [thumb, 240, 320]] as const) {
      const meta = await sharp(image).metadata();
      expect(meta).toMatchObject({ format: "webp", width, height });
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(await exifr.parse(image, true).catch(() => undefined)).toBeUndefined();
      expect(image.toString("latin1")).not.toMatch(/PhoneCo|X100|Asha|Camera 4\.2/);
    }
    expect(await storage.store.get(row.original_key!)).toBeNull();
  });

  it("does nothing twice: a second delivery leaves the photo as the first made it", async () => {
    const { id, event, row } = await uploaded(await phoneJpeg());
    await engine().execute({ events: [event] });
    const first = await photoRow(id);
    const display = await readBack(row.display_key);
    await engine().execute({ events: [event] });
    expect(await photoRow(id)).toEqual(first);
    expect(await readBack(row.display_key)).toEqual(display);
  });

  it("marks a file that does not decode failed, for good, with the words the uploader sees, and keeps nothing of it", async () => {
    expectConsoleError(/Inngest function error/);
    for (const bytes of [Buffer.from("a letter, not a photo"), await truncatedJpeg()]) {
      const { id, event, row } = await planted(bytes);
      const { error } = await engine().execute({ events: [event] });
      expect(error).toMatchObject({ name: "NonRetriableError", message: "this file could not be read as a photo" });
      expect(await photoRow(id)).toMatchObject({ status: "failed", failure_reason: "this file could not be read as a photo", original_key: null, width: null });
      expect(await storage.store.get(row.original_key!)).toBeNull();
      expect(await storage.store.get(row.display_key!)).toBeNull();
      expect(await storage.store.get(row.thumb_key!)).toBeNull();
    }
  });

  it("leaves a photo hidden while it waited hidden, and publishes nothing of it", async () => {
    const { id, event, row } = await uploaded(await phoneJpeg());
    await db().updateTable("report_photos").set({ status: "hidden", hidden_reason: "shows a face" }).where("id", "=", id).execute();
    expect((await engine().execute({ events: [event] })).error).toBeUndefined();
    expect(await photoRow(id)).toMatchObject({ status: "hidden", original_key: null });
    expect(await storage.store.get(row.display_key!)).toBeNull();
    expect(await storage.store.get(row.original_key!)).toBeNull();
  });

  it("processes an update's photo like a report's; one still waiting when its update is hidden is never published, and its original goes", async () => {
    const { report } = await fileReport(db());
    const author = await createUser(db());
    const update = await addUpdate(db(), { id: author.id, role: "citizen" }, { reportId: report.id, kind: "still_there" });
    const send = async () => {
      const { id } = await acceptPhoto(db(), storage.store, { userId: author.id, reportId: report.id, updateId: update.id, bytes: await phoneJpeg(), limit: { perUser: 10, windowSeconds: 3600 } });
      const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/photo.uploaded").orderBy("seq", "desc").executeTakeFirstOrThrow();
      return { id, row: await photoRow(id), event: { id: row.id, name: "report/photo.uploaded" as const, data: eventSchemas["report/photo.uploaded"].parse(row.data), ts: row.created_at.getTime() } };
    };
    const first = await send();
    const second = await send();
    expect((await engine().execute({ events: [first.event] })).error).toBeUndefined();
    expect(await photoRow(first.id)).toMatchObject({ status: "ready", post_id: update.id, original_key: null });
    const display = await readBack(first.row.display_key);
    expect((await sharp(display).metadata()).exif).toBeUndefined();
    expect(await exifr.gps(display).catch(() => undefined)).toBeUndefined();

    const moderator = await createUser(db(), { role: "moderator" });
    await hideUpdate(db(), storage.store, { id: moderator.id, ip: null, userAgent: null }, { updateId: update.id, reason: "Shows a face" });
    expect(await storage.store.get(first.row.display_key!)).toBeNull();
    expect((await engine().execute({ events: [second.event] })).error).toBeUndefined();
    expect(await photoRow(second.id)).toMatchObject({ status: "hidden", original_key: null });
    expect(await storage.store.get(second.row.display_key!)).toBeNull();
    expect(await storage.store.get(second.row.thumb_key!)).toBeNull();
    expect(await storage.store.get(second.row.original_key!)).toBeNull();
  });
});
