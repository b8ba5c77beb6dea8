import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { withLogContext } from "./logger";

/**
 * Every request has an id: the caller's x-request-id (a load balancer's, a client's) when it is a
 * short safe token, else a fresh one. It is on every line logged while the request is answered,
 * and on the answer, so a person reporting a failure can name the lines that belong to it.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** Short and plain enough to log and echo as it is. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id the caller sent when it is a short safe token, else a fresh one. */
export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The production server's requests (http/server.ts): the id also replaces the request's header, so
 * Next's routes and tRPC's context read the one the lines carry.
 */
export function serveWithRequestId(req: IncomingMessage, res: ServerResponse, answer: () => void) {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  withLogContext({ requestId }, answer);
}

/** A fetch-style route's requests (the Next tRPC route, where the production server is not in front). */
export async function answerWithRequestId(req: Request, answer: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  const res = await withLogContext({ requestId }, answer);
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}
