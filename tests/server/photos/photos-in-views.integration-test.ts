import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { processPhoto } from "@root/inngest/functions/process-photo";
import { GET as media } from "@/app/media/[name]/route";
import { acceptPhoto } from "@/server/domain/photos/upload-photo";
import { eventSchemas } from "@/shared/events";
import { fileReport } from "../../inngest/report-created";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { phoneJpeg } from "../../support/photo-fixtures";
import { useTempStorage } from "../../support/temp-storage";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
const storage = useTempStorage();
beforeEach(async () => truncateAll(db()));

/** A report with one photo processed (ready) and one still waiting (processing). */
async function reportWithPhotos() {
  const { user, report } = await fileReport(db());
  const limit = { perUser: 10, windowSeconds: 3600 };
  const ready = await acceptPhoto(db(), storage.store, { userId: user.id, reportId: report.id, bytes: await phoneJpeg(), limit });
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/photo.uploaded").executeTakeFirstOrThrow();
  const event = { id: row.id, name: "report/photo.uploaded" as const, data: eventSchemas["report/photo.uploaded"].parse(row.data), ts: row.created_at.getTime() };
  expect((await new InngestTestEngine({ function: processPhoto }).execute({ events: [event] })).error).toBeUndefined();
  const waiting = await acceptPhoto(db(), storage.store, { userId: user.id, reportId: report.id, bytes: await phoneJpeg(), limit });
  return { user, report, ready, waiting };
}

const mediaName = (url: string) => url.slice("/media/".length);
const get = (url: string) => media(new Request(`http://localhost${url}`), { params: Promise.resolve({ name: mediaName(url) }) });

describe("photos in report views", () => {
  it("reports.byId lists ready photos to everyone, with URLs the app serves; the reporter also sees those processing", async () => {
    const { user, report, ready, waiting } = await reportWithPhotos();
    const anyone = await callerFor(db()).reports.byId({ id: report.ref });
    expect(anyone.photos).toEqual([
      { id: ready.id, status: "ready", url: expect.stringMatching(/^\/media\/[A-Za-z0-9_-]{22}-display\.webp$/), thumbnailUrl: expect.stringMatching(/^\/media\/[A-Za-z0-9_-]{22}-thumb\.webp$/), width: 300, height: 400 },
    ]);
    expect(anyone.canAddPhotos).toBe(false);
    const reporter = await callerFor(db(), user).reports.byId({ id: report.id });
    expect(reporter.photos.map((p) => [p.id, p.status, p.url])).toEqual([
      [ready.id, "ready", anyone.photos[0]!.url],
      [waiting.id, "processing", null],
    ]);
    expect(reporter.canAddPhotos).toBe(true);

    const res = await get(anyone.photos[0]!.thumbnailUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it("never serves the quarantine, or anything but a processed image's name", async () => {
    const { waiting } = await reportWithPhotos();
    const row = await db().selectFrom("report_photos").select("original_key").where("id", "=", waiting.id).executeTakeFirstOrThrow();
    const quarantined = row.original_key!.slice("quarantine/".length);
    for (const name of [quarantined, `../quarantine/${quarantined}`, `..%2Fquarantine%2F${quarantined}`, "x.webp"]) {
      expect((await media(new Request("http://localhost/media/x"), { params: Promise.resolve({ name }) })).status).toBe(404);
    }
  });

  it("admin.hidePhoto takes a photo out of every public view at once, audited, and its images stop being served", async () => {
    const { user, report, ready } = await reportWithPhotos();
    const moderator = await createUser(db(), { role: "moderator" });
    const url = (await callerFor(db()).reports.byId({ id: report.id })).photos[0]!.url!;
    expect((await get(url)).status).toBe(200);

    const answer = await callerFor(db(), moderator).admin.hidePhoto({ photoId: ready.id, reason: "Shows a passer-by's face" });
    expect(answer).toMatchObject({ photoId: ready.id, status: "hidden", changed: true });

    expect((await callerFor(db()).reports.byId({ id: report.id })).photos).toEqual([]);
    expect((await callerFor(db(), user).reports.byId({ id: report.id })).photos[0]).toMatchObject({ id: ready.id, status: "hidden", url: null, thumbnailUrl: null });
    expect((await callerFor(db(), moderator).admin.report({ id: report.id })).photos[0]).toMatchObject({ id: ready.id, status: "hidden", url: null });
    expect((await get(url)).status).toBe(404);

    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "photo.hidden").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: moderator.id, resource_type: "report_photo", resource_id: ready.id });
    expect(audit[0]!.metadata).toMatchObject({ reportId: report.id, reason: "Shows a passer-by's face", from: "ready" });

    // Twice is the same answer, with no second audit row.
    expect(await callerFor(db(), moderator).admin.hidePhoto({ photoId: ready.id, reason: "again" })).toMatchObject({ status: "hidden", changed: false });
    expect(await db().selectFrom("audit_log").select("id").where("action", "=", "photo.hidden").execute()).toHaveLength(1);
  });

  it("admin.hidePhoto needs a reason and a photo that exists, each refusal naming its field", async () => {
    const moderator = await createUser(db(), { role: "moderator" });
    const short = await trpcFailure(callerFor(db(), moderator).admin.hidePhoto({ photoId: "00000000-0000-4000-8000-000000000000", reason: "x" }));
    expect(short.code).toBe("BAD_REQUEST");
    expect((short.cause as { field?: string } | undefined)?.field).toBe("reason");
    const missing = await trpcFailure(callerFor(db(), moderator).admin.hidePhoto({ photoId: "00000000-0000-4000-8000-000000000000", reason: "Not a photo of the problem" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect((missing.cause as { field?: string } | undefined)?.field).toBe("photoId");
    const notAnId = await trpcFailure(callerFor(db(), moderator).admin.hidePhoto({ photoId: "photo\u0000", reason: "Not a photo of the problem" }));
    expect(notAnId.code).toBe("BAD_REQUEST");
  });
});
