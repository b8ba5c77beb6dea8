import type { TRPCError } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AppError } from "../domain/errors";
import { logger } from "../logging/logger";

/**
 * What both tRPC HTTP entry points share: the Next route handler (src/app/api/trpc, used by
 * `next dev` and any host that runs Next alone) and the production server's direct handler
 * (src/server/http/server.ts). Keep the two answering alike.
 */
export const TRPC_ENDPOINT = "/api/trpc";
export const MAX_BODY_BYTES = 64 * 1024;
/** The most calls one request may batch. The app's pages batch a few; every call is a query or more. */
export const MAX_BATCH_SIZE = 10;

/**
 * An error answer made before tRPC reads the request, in the shape of tRPC's own (superjson's
 * `json` wrapper, the error formatter's fields), so a client reads it the same way. tRPC's client
 * applies a single error to every call of a batch.
 */
export function refusal(status: number, code: TRPC_ERROR_CODE_KEY, message: string): Response {
  const data = { code, httpStatus: status, field: null, fieldErrors: null, retryAfterSeconds: null };
  return Response.json({ error: { json: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data } } }, { status });
}

/**
 * What both entry points refuse before any procedure runs (or any context is made): a batch of more
 * than MAX_BATCH_SIZE calls, which would run one query or more per call, and a path that is not
 * valid percent-encoding (tRPC would throw decoding it). Calls are counted as tRPC splits them, after
 * decoding, so `%2C` separates calls too.
 */
export function refuseBeforeTrpc(url: URL): Response | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(TRPC_ENDPOINT.length + 1));
  } catch {
    return refusal(400, "BAD_REQUEST", "The procedure path is not valid percent-encoding.");
  }
  if (url.searchParams.get("batch") !== "1") return null;
  const calls = path.split(",").length;
  if (calls <= MAX_BATCH_SIZE) return null;
  return refusal(400, "BAD_REQUEST", `A batch may hold at most ${MAX_BATCH_SIZE} calls; this one has ${calls}. Send them in smaller batches.`);
}

export const BODY_TOO_LARGE = `Request body too large (at most ${MAX_BODY_BYTES} bytes)`;

/** When a client told "unavailable" (shed load, a late answer, the database down) may try again. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/**
 * A refusal that will pass later tells the client when to come back, as a Retry-After header: a rate
 * limit by its own window, an unavailable server (the database down or restarting) in a second.
 */
export function retryAfterHeaders(errors: TRPCError[]): Headers | undefined {
  const limited = errors.map((e) => e.cause).find((c): c is AppError => c instanceof AppError && c.retryAfterSeconds !== undefined);
  if (limited) return new Headers({ "retry-after": String(limited.retryAfterSeconds) });
  if (errors.some((e) => e.code === "SERVICE_UNAVAILABLE")) return new Headers({ "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
  return undefined;
}

/** Unexpected failures are logged with their cause; expected ones (bad input, refusals) are not. */
export function logUnexpected({ path, error }: { path?: string; error: TRPCError }) {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  const cause = error.cause ?? error;
  logger.error({ err: cause, path }, `[trpc] ${path ?? "?"} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
}
