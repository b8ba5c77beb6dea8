import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { BODY_TOO_LARGE, MAX_BODY_BYTES, TRPC_ENDPOINT, logUnexpected, refuseBeforeTrpc, retryAfterHeaders } from "../trpc/http";
import { createTRPCContext } from "../trpc/init";
import { appRouter } from "../trpc/root";
import { readBody } from "./read-body";

/**
 * tRPC over node:http for the production server: tRPC's own `resolveResponse` (routing, batching,
 * superjson, error shapes, status codes) with thin glue around it, in place of tRPC's standalone
 * adapter. That adapter turns every call into a WHATWG Request whose body is a ReadableStream, pipes
 * the Response back through a WritableStream, and aborts an AbortController (a DOMException with a
 * stack) when each response closes; in the bench that glue allocated more than the procedure itself
 * (ADR 0009). Here the body is read into a string once (at most MAX_BODY_BYTES), the request handed
 * to tRPC is a plain object with the five members resolveResponse reads, and a buffered response is
 * written with one `end()`. Streaming responses (subscriptions, httpBatchStreamLink) are piped.
 */
export async function answerTrpc(req: IncomingMessage, res: ServerResponse, headers: Headers): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const refused = refuseBeforeTrpc(url);
  const read = refused || req.method === "GET" || req.method === "HEAD" ? { body: "" } : await readBody(req, MAX_BODY_BYTES);
  const aborted = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) aborted.abort(); // the client left before the answer
  });
  const request = {
    method: req.method ?? "GET",
    url: url.href,
    headers,
    signal: aborted.signal,
    json: async () => JSON.parse(read.body) as unknown,
  };
  const response =
    refused ??
    (await resolveResponse({
      router: appRouter,
      req: request as unknown as Request, // resolveResponse reads only these five members
      path: url.pathname.slice(TRPC_ENDPOINT.length + 1),
      error: "tooLarge" in read ? new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: BODY_TOO_LARGE }) : null,
      createContext: () => createTRPCContext({ headers }),
      responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
      onError: logUnexpected,
    }));

  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  // A refused body was not read to its end: the connection cannot carry another request.
  if ("tooLarge" in read || (refused && req.method !== "GET" && req.method !== "HEAD")) res.setHeader("connection", "close");
  const type = response.headers.get("content-type") ?? "";
  if (response.body && (type.startsWith("application/jsonl") || type.startsWith("text/event-stream"))) {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
    return;
  }
  res.end(response.body ? await response.text() : undefined);
}
