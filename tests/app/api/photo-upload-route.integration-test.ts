import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/reports/[reportId]/photos/route";
import { env } from "@/server/config/env";
import { addUpdate } from "@/server/domain/updates/add-update";
import { localStore } from "@/server/storage/local-store";
import { setStorage } from "@/server/storage/storage";
import { setEnv } from "../../inngest/helpers";
import { fileReport } from "../../inngest/report-created";
import { createUser } from "../../support/factories";
import { HEIC_BYTES, SVG_WITH_SCRIPT, ZIP_BYTES, hundredMegapixelPng, phoneJpeg, plainImage, truncatedJpeg } from "../../support/photo-fixtures";
import { truncateAll, useTestDb } from "../../support/test-db";
import { staff } from "../../server/admin/helpers";

const db = useTestDb();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "civiclens-uploads-"));
  setStorage(localStore(dir));
});
afterAll(async () => {
  setStorage(undefined);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await truncateAll(db());
  await rm(dir, { recursive: true, force: true });
});

const origin = () => new URL(env().APP_URL).origin;
async function cookieFor(user: { id: string; phone: string }) {
  const jwt = await encode({ token: { uid: user.id, role: "citizen", phone: user.phone, sid: randomUUID(), epoch: 0 }, secret: env().NEXTAUTH_SECRET });
  return `next-auth.session-token=${jwt}`;
}

function form(bytes: Buffer, filename = "photo.jpg", type = "image/jpeg", field = "photo") {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  return body;
}

function upload(reportId: string, body: BodyInit | null, headers: Record<string, string> = {}, query = "") {
  const request = new Request(`${origin()}/api/reports/${reportId}/photos${query}`, { method: "POST", body, headers: { origin: origin(), ...headers }, duplex: "half" } as RequestInit);
  return POST(request, { params: Promise.resolve({ reportId }) });
}

/** Every file under the store's directory: a refused upload must leave none. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}
const photoRows = () => db().selectFrom("report_photos").selectAll().execute();
const uploadEvents = () => db().selectFrom("event_outbox").selectAll().where("name", "=", "report/photo.uploaded").execute();

async function reporterWithReport() {
  const { user, report } = await fileReport(db());
  return { user, report, cookie: await cookieFor(user) };
}

async function expectRefused(res: Response, status: number, message: RegExp, field?: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { message: string; field?: string } };
  expect(body.error.message).toMatch(message);
  if (field) expect(body.error.field).toBe(field);
  expect(await photoRows()).toEqual([]);
  expect(await uploadEvents()).toEqual([]);
  expect(await storedFiles()).toEqual([]);
}

describe("POST /api/reports/{reportId}/photos", () => {
  it("keeps the original in quarantine, writes the row and its event in one go, and answers 201 processing", async () => {
    const { user, report, cookie } = await reporterWithReport();
    const res = await upload(report.id, form(await phoneJpeg()), { cookie });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string };
    expect(body).toEqual({ id: expect.any(String), status: "processing" });
    const [row] = await photoRows();
    expect(row).toMatchObject({ id: body.id, report_id: report.id, uploader_id: user.id, status: "processing" });
    expect(row!.original_key).toMatch(/^quarantine\/[A-Za-z0-9_-]{22}$/);
    expect(row!.display_key).toMatch(/^public\/[A-Za-z0-9_-]{22}-display\.webp$/);
    // The key says nothing of the report or the person.
    expect(row!.original_key).not.toContain(report.id);
    const [event] = await uploadEvents();
    expect(event!.data).toMatchObject({ photoId: body.id, reportId: report.id, uploaderId: user.id });
    expect((await storedFiles()).length).toBe(2); // the original and its content type
  });

  it("takes PNG and WebP too, whatever the file is called", async () => {
    const { report, cookie } = await reporterWithReport();
    expect((await upload(report.id, form(await plainImage("png"), "x.bin", "application/octet-stream"), { cookie })).status).toBe(201);
    expect((await upload(report.id, form(await plainImage("webp"), "x.jpg"), { cookie })).status).toBe(201);
  });

  it("refuses a text file named .jpg", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, form(Buffer.from("just some text, honestly"), "holiday.jpg"), { cookie }), 400, /not a photo/, "photo");
  });

  it("refuses a truncated JPEG", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, form(await truncatedJpeg()), { cookie }), 400, /damaged|cut off/, "photo");
  });

  it("refuses a 100-megapixel PNG", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, form(await hundredMegapixelPng(), "big.png", "image/png"), { cookie }), 400, /too large to process/, "photo");
  });

  it("refuses a zip and an SVG carrying script", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, form(ZIP_BYTES, "photos.zip", "application/zip"), { cookie }), 400, /not a photo/, "photo");
    await expectRefused(await upload(report.id, form(SVG_WITH_SCRIPT, "photo.svg", "image/svg+xml"), { cookie }), 400, /not a photo/, "photo");
  });

  it("asks for a JPEG when sent HEIC", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, form(HEIC_BYTES, "IMG_0001.HEIC", "image/heic"), { cookie }), 400, /please send it as a JPEG/, "photo");
  });

  it("refuses a 30 MB body by its declared length, before reading it", async () => {
    const { report, cookie } = await reporterWithReport();
    const boundary = "x-boundary";
    await expectRefused(await upload(report.id, new Uint8Array(1), { cookie, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(30 * 1024 * 1024) }), 413, /larger than 10 MB/, "photo");
  });

  it("stops reading a 30 MB body sent without a length once it passes 10 MB", async () => {
    const { report, cookie } = await reporterWithReport();
    const boundary = "x-boundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 0xab);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pulled === 0 ? Buffer.concat([head, chunk]) : chunk;
        pulled += next.length;
        if (pulled > 30 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(next));
      },
    });
    const res = await upload(report.id, body, { cookie, "content-type": `multipart/form-data; boundary=${boundary}` });
    await expectRefused(res, 413, /larger than 10 MB/, "photo");
    expect(pulled).toBeLessThan(12 * 1024 * 1024);
  });

  it("refuses a fifth photo", async () => {
    const { report, cookie } = await reporterWithReport();
    for (let i = 0; i < 4; i++) expect((await upload(report.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
    await rm(dir, { recursive: true, force: true });
    const before = (await photoRows()).length;
    const res = await upload(report.id, form(await plainImage("jpeg")), { cookie });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string; field: string } }).error).toMatchObject({ message: expect.stringMatching(/already has 4 photos/), field: "photo" });
    expect((await photoRows()).length).toBe(before);
    expect(await storedFiles()).toEqual([]);
  });

  it("lets a photo that could not be read be replaced: failed ones do not count", async () => {
    const { report, cookie } = await reporterWithReport();
    for (let i = 0; i < 4; i++) expect((await upload(report.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
    await db().updateTable("report_photos").set({ status: "failed" }).where("id", "=", (await photoRows())[0]!.id).execute();
    expect((await upload(report.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
  });

  it("refuses an upload to someone else's report, without a session, to a closed or missing report, and from another site", async () => {
    const { report } = await reporterWithReport();
    const other = await createUser(db());
    const png = await plainImage("png");
    await expectRefused(await upload(report.id, form(png), { cookie: await cookieFor(other) }), 403, /Only the person who filed this report/, "reportId");
    await expectRefused(await upload(report.id, form(png)), 401, /Sign in/);
    await expectRefused(await upload(randomUUID(), form(png), { cookie: await cookieFor(other) }), 404, /No report/, "reportId");
    await expectRefused(await upload("not-an-id\u0000", form(png), { cookie: await cookieFor(other) }), 404, /No report/, "reportId");
    const { report: mine, cookie } = await reporterWithReport();
    await expectRefused(await upload(mine.id, form(png), { cookie, origin: "https://evil.example" }), 403, /CivicLens itself/);
    await sql`update reports set status = 'resolved' where id = ${mine.id}`.execute(db());
    await expectRefused(await upload(mine.id, form(png), { cookie }), 409, /closed/, "reportId");
  });

  it("refuses a body that is not a form, or a form without the photo field", async () => {
    const { report, cookie } = await reporterWithReport();
    await expectRefused(await upload(report.id, new Uint8Array(await plainImage("jpeg")), { cookie, "content-type": "image/jpeg" }), 415, /multipart/, "photo");
    await expectRefused(await upload(report.id, form(await plainImage("jpeg"), "a.jpg", "image/jpeg", "picture"), { cookie }), 400, /field photo is missing/, "photo");
  });

  it("limits how many photos one person uploads in a window", async () => {
    const undo = setEnv({ PHOTOS_LIMIT_PER_USER: "2" });
    try {
      const { report, cookie } = await reporterWithReport();
      expect((await upload(report.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
      expect((await upload(report.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
      await rm(dir, { recursive: true, force: true });
      const res = await upload(report.id, form(await plainImage("jpeg")), { cookie });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await storedFiles()).toEqual([]);
    } finally {
      undo();
    }
  });
});

describe("POST /api/reports/{reportId}/photos?updateId= (photos on an update, ADR 0023)", () => {
  const toUpdate = (reportId: string, updateId: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
    upload(reportId, body, headers, `?updateId=${encodeURIComponent(updateId)}`);
  async function citizenUpdate(status?: "resolved") {
    const { report, user: reporter } = await fileReport(db());
    if (status) await sql`update reports set status = ${status} where id = ${report.id}`.execute(db());
    const author = await createUser(db());
    const update = await addUpdate(db(), { id: author.id, role: "citizen" }, { reportId: report.id, kind: "still_there", text: "Still there this morning." });
    return { report, reporter, author, update, cookie: await cookieFor(author) };
  }
  async function refusedWith(res: Response, status: number, message: RegExp, field: string) {
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string; field?: string } }).error).toMatchObject({ message: expect.stringMatching(message), field });
  }

  it("takes a photo from the update's author, on a closed report too: a processing row on the update, its event, nothing in the report's own four", async () => {
    const { report, author, update, cookie } = await citizenUpdate("resolved");
    const res = await toUpdate(report.id, update.id, form(await phoneJpeg()), { cookie });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [row] = await photoRows();
    expect(row).toMatchObject({ id, report_id: report.id, post_id: update.id, uploader_id: author.id, status: "processing" });
    expect((await uploadEvents()).map((e) => e.data)).toEqual([expect.objectContaining({ photoId: id, reportId: report.id, uploaderId: author.id })]);
  });

  it("admits the update's author only (staff for their own staff update), whoever else asks", async () => {
    const { report, reporter, update } = await citizenUpdate();
    const moderator = await staff(db());
    const staffUpdate = await addUpdate(db(), { id: moderator.id, role: "moderator" }, { reportId: report.id, kind: "staff", text: "A crew is on the way." });
    const reporterCookie = await cookieFor(reporter);
    const png = await plainImage("png");
    await expectRefused(await toUpdate(report.id, update.id, form(png)), 401, /Sign in/);
    await expectRefused(await toUpdate(report.id, update.id, form(png), { cookie: await cookieFor(await createUser(db())) }), 403, /Only the person who posted this update/, "updateId");
    await expectRefused(await toUpdate(report.id, update.id, form(png), { cookie: reporterCookie }), 403, /Only the person who posted this update/, "updateId");
    await expectRefused(await toUpdate(report.id, update.id, form(png), { cookie: await cookieFor(moderator) }), 403, /Only the person who posted this update/, "updateId");
    expect((await toUpdate(report.id, staffUpdate.id, form(png), { cookie: await cookieFor(moderator) })).status).toBe(201);
  });

  it("bad input is a 4xx naming the field: a malformed, unknown or other report's update, a hidden or old one, a fourth photo, a file that is not a photo", async () => {
    const { report, update, cookie, author } = await citizenUpdate();
    const png = await plainImage("png");
    await expectRefused(await toUpdate(report.id, "nope", form(png), { cookie }), 400, /updateId must be/, "updateId");
    await expectRefused(await toUpdate(report.id, "", form(png), { cookie }), 400, /updateId must be/, "updateId");
    await expectRefused(await toUpdate(report.id, randomUUID(), form(png), { cookie }), 404, /No update/, "updateId");
    const { report: elsewhere } = await fileReport(db());
    await expectRefused(await toUpdate(elsewhere.id, update.id, form(png), { cookie }), 404, /No update/, "updateId");
    await expectRefused(await toUpdate(report.id, update.id, form(Buffer.from("not a photo at all"), "a.jpg"), { cookie }), 400, /not a photo/, "photo");

    for (let i = 0; i < 3; i++) expect((await toUpdate(report.id, update.id, form(png), { cookie })).status).toBe(201);
    const before = (await photoRows()).length;
    await refusedWith(await toUpdate(report.id, update.id, form(png), { cookie }), 409, /already has 3 photos/, "photo");
    expect((await photoRows()).length).toBe(before);

    const old = await addUpdate(db(), { id: author.id, role: "citizen" }, { reportId: report.id, kind: "note", text: "Yesterday's word." }, undefined, new Date(Date.now() - 61 * 60_000));
    await refusedWith(await toUpdate(report.id, old.id, form(png), { cookie }), 409, /only in the 60 minutes after posting/, "updateId");
    const second = await addUpdate(db(), { id: author.id, role: "citizen" }, { reportId: report.id, kind: "note", text: "Another word." });
    await db().updateTable("report_posts").set({ hidden_at: new Date(), hidden_reason: "spam" }).where("id", "=", second.id).execute();
    await refusedWith(await toUpdate(report.id, second.id, form(png), { cookie }), 409, /hid this update/, "updateId");
    expect((await photoRows()).length).toBe(before);
  });

  it("counts update photos in the same per-person window as report photos", async () => {
    const undo = setEnv({ PHOTOS_LIMIT_PER_USER: "2" });
    try {
      const { report, update, cookie } = await citizenUpdate();
      expect((await toUpdate(report.id, update.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
      expect((await toUpdate(report.id, update.id, form(await plainImage("jpeg")), { cookie })).status).toBe(201);
      const res = await toUpdate(report.id, update.id, form(await plainImage("jpeg")), { cookie });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      undo();
    }
  });
});
