/**
 * The production server (`npm start`, built by `npm run build` into .next/civiclens/server.cjs).
 *
 * Next renders the pages and serves every route, except tRPC: tRPC calls are answered here with
 * tRPC's Node adapter, on the same port and the same router, context and options as the Next route
 * (src/app/api/trpc). On this project's 2-core bench a no-op tRPC query took a median 5.3 ms through
 * Next's route handler and 1.5 ms here (bench/RESULTS.md, docs/decisions/0006).
 */
import "./node-environment";
import cluster from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { withAfterResponse } from "../outbox/after-response";
import { closeDb, db, poolLoad } from "../db/client";
import { flushRelay } from "../outbox/schedule";
import { env } from "../env";
import { TRPC_ENDPOINT } from "../trpc/http";
import { admissionLimits } from "./admission";
import { createBackPressure } from "./back-pressure";
import { securityHeadersFor } from "./security-headers";
import { answerTrpc } from "./trpc-handler";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";

/** IncomingMessage headers as a fetch Headers, which is what the tRPC context reads. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * Appends the peer's address to x-forwarded-for, so its last hop is always the one this server saw
 * (request-context.ts trusts only that hop unless TRUST_PROXY is set). Next alone only fills the
 * header in when the client sent none, so a client could name any address it liked.
 */
function recordPeerAddress(req: IncomingMessage) {
  const peer = req.socket.remoteAddress;
  if (!peer) return;
  const prior = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${peer}` : peer;
}

function isTrpc(url: string | undefined) {
  const path = (url ?? "/").split("?", 1)[0]!;
  return path === TRPC_ENDPOINT || path.startsWith(`${TRPC_ENDPOINT}/`);
}

function responseDone(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    res.once("finish", resolve);
    res.once("close", resolve);
  });
}

// ---------------------------------------------------------------------------------------------
// Back-pressure (ADR 0012): a tRPC request the database pool cannot serve soon is refused at once
// (503, Retry-After) instead of queueing for seconds, an admitted one is answered by its deadline,
// and a client must send a request's headers and body in bounded time.
// ---------------------------------------------------------------------------------------------
const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  // How often Node looks for connections past those two (its default: every 30 s).
  connectionsCheckingInterval: 1_000,
};

function trpcBackPressure() {
  return createBackPressure({ limits: admissionLimits(env().DATABASE_POOL_MAX), poolWaiting: () => poolLoad(db())?.waiting ?? null });
}
// ---------------------------------------------------------------------------------------------

async function main() {
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const answerNext = app.getRequestHandler();
  const backPressure = trpcBackPressure();
  // Next's proxy (src/proxy.ts) gives every other answer these; tRPC answers and refusals are written here.
  const securityHeaders = Object.entries(securityHeadersFor(env()));

  const server = createServer(SERVER_TIMEOUTS, (req, res) => {
    recordPeerAddress(req);
    if (!isTrpc(req.url)) {
      void answerNext(req, res);
      return;
    }
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    withAfterResponse(responseDone(res), () =>
      backPressure.handle(req, res, () => answerTrpc(req, res, headersOf(req))).catch((err: unknown) => {
        // The request failed before tRPC could answer it (the client dropped the body mid-way).
        console.warn(`[trpc] ${req.method} ${req.url} not answered: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.statusCode = 400;
        res.end();
      }),
    );
  });
  // Behind a load balancer, idle keep-alive connections must outlive the balancer's (often 60 s).
  // Node applies headersTimeout from a request's first byte, not to an idle connection.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => console.log(`CivicLens ready on http://${hostname}:${port}${cluster.isWorker ? ` (worker ${process.pid})` : ""}`));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing open requests, then stopping`);
    // The last responses' events are relayed before the database closes; any the relay cannot
    // send (Inngest down, or the 10 s are up) stay in the outbox for the sweep.
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    server.close(() => {
      void flushRelay()
        .then(() => closeDb())
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

/**
 * WEB_CONCURRENCY > 1: a primary process forks that many workers, which share the port (Node's
 * cluster hands out connections in turn), so the server uses more than one core. A worker that dies
 * is replaced; SIGTERM/SIGINT reach every worker, and the primary exits when they have.
 */
function supervise(workers: number) {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

function start() {
  const workers = env().WEB_CONCURRENCY; // a misconfigured production server stops here, naming each bad variable
  if (cluster.isPrimary && workers > 1) supervise(workers);
  else return main();
}

Promise.resolve()
  .then(start)
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
