import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { sessionFromHeaders } from "../auth/auth-options";
import { env } from "../config/env";
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { AppError } from "../domain/errors";
import { HTTP_STATUS } from "./http-status";
import { MAX_PHOTO_BYTES, PHOTO_FIELD } from "../domain/photos/photo-rules";
import { acceptPhoto, uploadRefusal } from "../domain/photos/upload-photo";
import { findSessionUser } from "../domain/users";
import { logger } from "../logging/logger";
import { storage } from "../storage/storage";

/** Room for the multipart envelope around the photo (boundaries, part headers). */
const ENVELOPE_BYTES = 16 * 1024;
const TOO_LARGE = `The photo is larger than ${MAX_PHOTO_BYTES / (1024 * 1024)} MB: send a smaller one.`;

function refusal(status: number, code: string, message: string, field?: string, retryAfterSeconds?: number): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (retryAfterSeconds) headers["retry-after"] = String(retryAfterSeconds);
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}
const fromAppError = (e: AppError) => refusal(HTTP_STATUS[e.code], e.code, e.message, e.field, e.retryAfterSeconds);

/**
 * The one photo of a multipart body, read as it streams and never past MAX_PHOTO_BYTES: past it
 * reading stops and the answer is 413, whatever Content-Length said (chunked bodies have none).
 */
function readPhotoPart(body: ReadableStream<Uint8Array>, contentType: string): Promise<Buffer | Response> {
  return new Promise((resolve) => {
    const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
    let settled = false;
    const done = (answer: Buffer | Response) => {
      if (settled) return;
      settled = true;
      source.unpipe();
      if (!source.readableEnded) source.destroy();
      resolve(answer);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fileSize: MAX_PHOTO_BYTES, fields: 8, fieldSize: 1024, parts: 9 } });
    } catch {
      return done(refusal(415, "INVALID_INPUT", "Send the photo as a multipart form (multipart/form-data) in the field photo.", PHOTO_FIELD));
    }
    let photo: Buffer | null = null;
    parser.on("file", (name, file) => {
      if (name !== PHOTO_FIELD) {
        file.resume();
        return;
      }
      const chunks: Buffer[] = [];
      file.on("data", (chunk: Buffer) => chunks.push(chunk));
      file.on("limit", () => done(refusal(413, "INVALID_INPUT", TOO_LARGE, PHOTO_FIELD)));
      file.on("end", () => {
        if (!file.truncated) photo = Buffer.concat(chunks);
      });
    });
    parser.on("filesLimit", () => done(refusal(400, "INVALID_INPUT", "Send one photo per upload.", PHOTO_FIELD)));
    parser.on("partsLimit", () => done(refusal(400, "INVALID_INPUT", "The upload carries more than a photo.", PHOTO_FIELD)));
    parser.on("error", () => done(refusal(400, "INVALID_INPUT", "The upload is not a well-formed multipart form.", PHOTO_FIELD)));
    parser.on("close", () => done(photo ?? refusal(400, "INVALID_INPUT", "Choose a photo to upload (the field photo is missing).", PHOTO_FIELD)));
    source.on("error", () => done(refusal(400, "INVALID_INPUT", "The upload was cut off before it ended.", PHOTO_FIELD)));
    source.pipe(parser);
  });
}

/**
 * POST /api/reports/{reportId}/photos: one photo (multipart, field `photo`) added by the report's
 * reporter, with the session cookie; with `?updateId=`, a photo on that update of the report, added
 * by the update's author (ADR 0023). Who may is checked before a byte of the body is read; the body
 * is read up to the size limit only; the domain checks the bytes and accepts the photo
 * (upload-photo.ts). Answers 201 {id, status: "processing"} at once: processing is background work.
 */
export async function photoUploadResponse(request: Request, reportId: string): Promise<Response> {
  try {
    const appOrigin = new URL(env().APP_URL).origin;
    const origin = request.headers.get("origin");
    if ((origin !== null && origin !== appOrigin && origin !== new URL(request.url).origin) || request.headers.get("sec-fetch-site") === "cross-site") {
      return refusal(403, "FORBIDDEN", "Photos can only be added from CivicLens itself.");
    }
    const session = await sessionFromHeaders(request.headers);
    const user = session?.user?.id && session.sid && session.epoch !== undefined ? await findSessionUser(db(), { userId: session.user.id, sid: session.sid, epoch: session.epoch }) : undefined;
    if (!user) return refusal(401, "UNAUTHENTICATED", "Sign in to add photos.");
    const updateId = new URL(request.url).searchParams.get("updateId");
    const target = { reportId, ...(updateId !== null ? { updateId } : {}) };
    const early = await uploadRefusal(db(), user.id, target);
    if (early) return fromAppError(early);

    const contentType = request.headers.get("content-type") ?? "";
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      return refusal(415, "INVALID_INPUT", "Send the photo as a multipart form (multipart/form-data) in the field photo.", PHOTO_FIELD);
    }
    if (Number(request.headers.get("content-length") ?? 0) > MAX_PHOTO_BYTES + ENVELOPE_BYTES) return refusal(413, "INVALID_INPUT", TOO_LARGE, PHOTO_FIELD);
    if (!request.body) return refusal(400, "INVALID_INPUT", "Choose a photo to upload (the field photo is missing).", PHOTO_FIELD);
    const photo = await readPhotoPart(request.body, contentType);
    if (photo instanceof Response) return photo;

    const e = env();
    const accepted = await acceptPhoto(db(), storage(), {
      ...target,
      userId: user.id,
      bytes: photo,
      limit: { perUser: e.PHOTOS_LIMIT_PER_USER, windowSeconds: e.PHOTOS_LIMIT_WINDOW_SECONDS },
    });
    return Response.json(accepted, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof AppError) return fromAppError(err);
    if (isDatabaseUnavailable(err)) return refusal(503, "UNAVAILABLE", "CivicLens cannot take photos right now; try again in a moment.", undefined, 10);
    logger.error({ err }, `[photos] upload failed: ${err instanceof Error ? err.message : String(err)}`);
    return refusal(500, "INTERNAL", "Something went wrong.");
  }
}
