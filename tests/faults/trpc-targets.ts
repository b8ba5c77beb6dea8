/**
 * The two tRPC HTTP entry points, each as something a test can send a Request to: the production
 * server's handler (`answerTrpc`, src/server/http/trpc-handler.ts) on a node:http server of the
 * test's own, and the Next route handler (src/app/api/trpc/[trpc]/route.ts) called directly. Both
 * answer from the app's database handle, so a test installs its database first (useTestDb).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { answerTrpc } from "@/server/http/trpc-handler";

export interface TrpcTarget {
  name: string;
  /** Origin the requests are addressed to; `send` delivers them. */
  baseUrl: string;
  send(req: Request): Promise<Response>;
  close(): Promise<void>;
}

/** What server.ts hands answerTrpc: the request's headers as a fetch Headers. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/** answerTrpc on a node:http server, as the production server runs it; requests go over real HTTP. */
export async function productionHandlerTarget(): Promise<TrpcTarget> {
  const server = createServer((req, res) => {
    answerTrpc(req, res, headersOf(req)).catch(() => {
      // As server.ts does for a request that failed before tRPC could answer it.
      if (!res.headersSent) res.statusCode = 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name: "production server handler",
    baseUrl,
    send: (req) => fetch(req),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The Next route's exported GET/POST, called with the Request as Next would call them. */
export function nextRouteTarget(): TrpcTarget {
  return {
    name: "Next route handler",
    baseUrl: "http://localhost:3000",
    send: (req) => (req.method === "POST" ? POST(req) : GET(req)),
    close: async () => {},
  };
}
