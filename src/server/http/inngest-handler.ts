import type { IncomingMessage, ServerResponse } from "node:http";
import { inngestRoute, refuseUnsigned } from "@root/inngest/serve";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../trpc/http";
import { createGate } from "./gate";
import { readBody } from "./read-body";

const INNGEST_ENDPOINT = "/api/inngest";

/**
 * Inngest's calls can carry a run's whole memoized state; past this the call is refused with a 413
 * rather than buffered. Inngest caps one step's output at 4 MB, so this leaves room for several.
 */
const MAX_INNGEST_BODY_BYTES = 32 * 1024 * 1024;

export function isInngestCall(url: string | undefined) {
  return (url ?? "/").split("?", 1)[0] === INNGEST_ENDPOINT;
}

export interface InngestHandlerOptions {
  /** Calls run at once; the rest wait their turn. */
  places: number;
  /** Calls that may wait (their bodies arriving, or for a place); past them a call is refused with a 503, which Inngest retries later. */
  maxWaiting: number;
  /** The SDK's handlers; tests put a stand-in here. */
  route?: Pick<typeof inngestRoute, "GET" | "POST" | "PUT">;
}

/**
 * /api/inngest answered by the production server itself, with the same handlers as the Next route
 * (inngest/serve.ts: signature checks, signed-only sync), a few calls at a time (ADR 0012). Every
 * background step is one such call: Next's routing in front of each, and every call of a backlog
 * starting at once only to wait for one of the few background connections, was CPU taken from
 * citizens' requests. A call without a signature is refused before it waits or its body is read.
 * A call's body is read before it waits for a place: a body left unread counts against the server's
 * requestTimeout, which would end a long wait in a 408, and a slow sender holds no place.
 */
export function createInngestHandler(opts: InngestHandlerOptions) {
  const gate = createGate(opts.places);
  const route = opts.route ?? inngestRoute;
  /** Calls admitted that have not started: reading their bodies, or waiting for a place. */
  let queued = 0;

  return {
    gate,
    async answer(req: IncomingMessage, res: ServerResponse, headers: Headers): Promise<void> {
      const method = req.method ?? "GET";
      const handler = method === "GET" ? route.GET : method === "PUT" ? route.PUT : method === "POST" ? route.POST : null;
      if (!handler) return answerJson(res, 405, { message: `${method} is not allowed here` }, { allow: "GET, POST, PUT" });
      const unsigned = refuseUnsigned(headers);
      if (unsigned) return writeResponse(res, unsigned);
      if (queued >= opts.maxWaiting) {
        return answerJson(res, 503, { message: "busy: try again later" }, { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
      }
      queued++;
      let started = false;
      const start = () => {
        if (!started) queued--;
        started = true;
      };
      try {
        const read = method === "GET" ? { body: "" } : await readBody(req, MAX_INNGEST_BODY_BYTES);
        if ("tooLarge" in read) return answerJson(res, 413, { message: "request body too large" }, { connection: "close" });
        const request = { method, url: `http://${headers.get("host") ?? "localhost"}${req.url ?? INNGEST_ENDPOINT}`, headers, text: () => Promise.resolve(read.body) };
        await gate.run(async () => {
          start();
          // Inngest's Next adapter reads only method, url, headers and text() of the request.
          await writeResponse(res, await handler(request as unknown as Request, undefined));
        });
      } finally {
        start();
      }
    },
  };
}

function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...headers, "content-type": "application/json" }).end(JSON.stringify(body));
}

async function writeResponse(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}
