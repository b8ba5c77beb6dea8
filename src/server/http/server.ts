/**
 * The production server (`npm start`, built by `npm run build` into .next/civiclens/server.cjs).
 *
 * Next renders the pages and serves every route except these, answered here on the same port: tRPC
 * (with the same router, context and options as src/app/api/trpc), /api/inngest (with the same
 * handlers as src/app/api/inngest), and photo uploads and Open311 (direct-routes.ts, with the same
 * handlers as their Next routes). Next's routing in front of each call cost more than many
 * procedures themselves (bench/RESULTS.md, docs/decisions/0006 and 0012).
 */
import "./node-environment";
import "./environment-check";
import cluster from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { withAfterResponse } from "../outbox/after-response";
import { closeDb, db, poolLoad } from "../db/client";
import { flushRelay } from "../outbox/schedule";
import { openStreams } from "../live/open-streams";
import { env } from "../config/env";
import { logger } from "../logging/logger";
import { serveWithRequestId } from "../logging/request-id";
import { TRPC_ENDPOINT } from "../trpc/http";
import { admissionLimits } from "./admission";
import { createBackPressure } from "./back-pressure";
import { answerDirect, directRoute } from "./direct-routes";
import { createInngestHandler, isInngestCall } from "./inngest-handler";
import { securityHeadersFor } from "./security-headers";
import { answerTrpc } from "./trpc-handler";

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

/** The path alone: a query string carries a GET call's input, which no log line should. */
function pathOf(url: string | undefined) {
  return (url ?? "/").split("?", 1)[0]!;
}

function isTrpc(url: string | undefined) {
  const path = pathOf(url);
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

/**
 * Inngest's calls run a few at a time, as many as the background pool has connections: each call
 * past those would only wait for one, after spending CPU on parsing, verifying and starting its step.
 * The wait is bounded so a flood cannot hold sockets without end; a refused call is retried by Inngest.
 */
function inngestHandler() {
  const places = env().DATABASE_BACKGROUND_POOL_MAX;
  return createInngestHandler({ places, maxWaiting: places * 100 });
}

function trpcBackPressure() {
  return createBackPressure({ limits: admissionLimits(env().DATABASE_POOL_MAX), poolWaiting: () => poolLoad(db())?.waiting ?? null });
}
// ---------------------------------------------------------------------------------------------

async function main() {
  const { PORT: port, HOSTNAME: hostname } = env();
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const answerNext = app.getRequestHandler();
  const backPressure = trpcBackPressure();
  const inngestCalls = inngestHandler();
  // Next's proxy (src/proxy.ts) gives every other answer these; tRPC's and Inngest's are written here.
  const securityHeaders = Object.entries(securityHeadersFor(env()));

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    recordPeerAddress(req);
    if (isInngestCall(req.url)) {
      for (const [name, value] of securityHeaders) res.setHeader(name, value);
      inngestCalls.answer(req, res, headersOf(req)).catch((err: unknown) => {
        logger.warn({ err }, `[inngest] ${req.method} ${pathOf(req.url)} not answered: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    const direct = directRoute(req.method, req.url);
    if (direct) {
      for (const [name, value] of securityHeaders) res.setHeader(name, value);
      // Their events (a photo to process, an Open311 report) are relayed once the answer is out, as tRPC's are.
      void withAfterResponse(responseDone(res), () => answerDirect(req, res, direct));
      return;
    }
    if (!isTrpc(req.url)) {
      void answerNext(req, res);
      return;
    }
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    withAfterResponse(responseDone(res), () =>
      backPressure.handle(req, res, () => answerTrpc(req, res, headersOf(req))).catch((err: unknown) => {
        // The request failed before tRPC could answer it (the client dropped the body mid-way).
        logger.warn({ err }, `[trpc] ${req.method} ${pathOf(req.url)} not answered: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.statusCode = 400;
        res.end();
      }),
    );
  };
  const server = createServer(SERVER_TIMEOUTS, (req, res) => serveWithRequestId(req, res, () => answer(req, res)));
  // Behind a load balancer, idle keep-alive connections must outlive the balancer's (often 60 s).
  // Node applies headersTimeout from a request's first byte, not to an idle connection.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => logger.info(`CivicLens ready on http://${hostname}:${port}${cluster.isWorker ? ` (worker ${process.pid})` : ""}`));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing open requests, then stopping`);
    // The last responses' events are relayed before the database closes; any the relay cannot
    // send (Inngest down, or the 10 s are up) stay in the outbox for the sweep.
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    server.close(() => {
      void flushRelay()
        .then(() => closeDb())
        .finally(() => process.exit(0));
    });
    // Live streams (served by Next's routes, ADR 0016) never finish by themselves: end them, and the
    // browsers reconnect to another instance.
    openStreams().closeAll();
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
    logger.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
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
  const workers = env().WEB_CONCURRENCY; // validated as the server loaded (environment-check.ts)
  if (cluster.isPrimary && workers > 1) supervise(workers);
  else return main();
}

Promise.resolve()
  .then(start)
  .catch((err: unknown) => {
    logger.fatal({ err }, `CivicLens could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
