import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { env } from "../config/env";
import { logger } from "../logging/logger";
import { open311Response } from "../open311/handle";
import { decodedSegment } from "./path-segment";
import { photoUploadResponse } from "./photo-upload";

/**
 * Two of Next's routes the production server answers itself, with the very handlers those routes
 * call (src/app/api/reports/[reportId]/photos and src/app/open311/v2/[...path]): a photo upload,
 * whose body Next's proxy would otherwise hold whole before the route streams it, and Open311,
 * called by machines that never need a page's per-request nonce. Anything else on those paths (another
 * method, an empty segment) is left to Next, which answers it as before (405, 404, a redirect).
 */
type FetchHandler = (request: Request) => Promise<Response>;

const PHOTOS = /^\/api\/reports\/([^/]+)\/photos$/;
const OPEN311 = "/open311/v2/";

export function directRoute(method: string | undefined, url: string | undefined): FetchHandler | null {
  const path = (url ?? "/").split("?", 1)[0]!;
  const photos = method === "POST" ? PHOTOS.exec(path) : null;
  if (photos) {
    const reportId = decodedSegment(photos[1]!);
    return (request) => photoUploadResponse(request, reportId);
  }
  if ((method === "GET" || method === "POST") && path.startsWith(OPEN311)) {
    const segments = path.slice(OPEN311.length).split("/");
    if (segments.some((s) => s === "")) return null;
    const decoded = segments.map(decodedSegment);
    return (request) => open311Response(request, decoded);
  }
  return null;
}

/** The Node request as a fetch Request (its body streamed, never read ahead), aborted if the client goes. */
function fetchRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const url = new URL(req.url ?? "/", env().APP_URL);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(url, init);
}

/** Answers `req` with `handler`'s Response, streamed out as it is read. */
export async function answerDirect(req: IncomingMessage, res: ServerResponse, handler: FetchHandler): Promise<void> {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  let response: Response;
  try {
    response = await handler(fetchRequest(req, gone.signal));
  } catch (err) {
    logger.error({ err }, `[http] ${req.method} ${(req.url ?? "/").split("?", 1)[0]} failed`);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side." } }));
    } else res.end();
    return;
  }
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body || req.method === "HEAD") {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  body.once("error", (err) => {
    logger.warn({ err }, `[http] ${req.method} ${(req.url ?? "/").split("?", 1)[0]}: the answer's stream failed`);
    res.destroy();
  });
  body.pipe(res);
}
