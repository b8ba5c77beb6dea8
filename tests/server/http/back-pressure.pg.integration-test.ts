import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, poolLoad, REQUEST_CONNECTION_TIMEOUT_MS, setDb, type DB } from "@/server/db/client";
import { admissionLimits } from "@/server/http/admission";
import { createBackPressure } from "@/server/http/back-pressure";
import { answerTrpc } from "@/server/http/trpc-handler";
import { createTestDb } from "../../support/test-db";

/**
 * The production server's tRPC path (back-pressure around answerTrpc, as server.ts runs it) on a
 * request pool of one connection, set up as db() sets up the app's: PostgreSQL only, since PGlite
 * has no pool to saturate.
 */
let test: Awaited<ReturnType<typeof createTestDb>>;
let requestDb: DB;
let url: string;
let stop: () => Promise<void>;

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v);
  return headers;
}

beforeAll(async () => {
  test = await createTestDb();
  requestDb = createDb({ databaseUrl: test.url!, poolMax: 1, connectionTimeoutMs: REQUEST_CONNECTION_TIMEOUT_MS });
  setDb(requestDb, test.db);
  const backPressure = createBackPressure({ limits: admissionLimits(1), poolWaiting: () => poolLoad(requestDb)?.waiting ?? null });
  const server = createServer((req, res) => {
    void backPressure.handle(req, res, () => answerTrpc(req, res, headersOf(req)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/reports.feed?input=${encodeURIComponent('{"json":{}}')}`;
  stop = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await stop?.();
  setDb(undefined);
  await requestDb?.destroy();
  await test?.drop();
});

async function timed(request: Promise<Response>) {
  const started = performance.now();
  const res = await request;
  const body = (await res.json()) as { error?: { json: { data: { code: string; httpStatus: number } } } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.json.data.code, ms: performance.now() - started };
}

describe("a saturated request pool", () => {
  it("answers the requests it cannot serve soon with a fast 503 and Retry-After, bounds the others' wait, then recovers", async () => {
    expect((await timed(fetch(url))).status).toBe(200);

    // The only connection is busy for longer than a request may wait for it.
    const hold = sql`select pg_sleep(${(REQUEST_CONNECTION_TIMEOUT_MS * 2) / 1000})`.execute(requestDb);
    await expect.poll(() => poolLoad(requestDb)!.waiting).toBe(0);
    const { maxPoolWaiting } = admissionLimits(1);
    const queued = Array.from({ length: maxPoolWaiting }, () => timed(fetch(url)));
    await expect.poll(() => poolLoad(requestDb)!.waiting).toBe(maxPoolWaiting);

    const refused = await Promise.all(Array.from({ length: 3 }, () => timed(fetch(url))));
    for (const r of refused) {
      expect(r).toMatchObject({ status: 503, retryAfter: "1", code: "SERVICE_UNAVAILABLE" });
      expect(r.ms).toBeLessThan(250);
    }

    // Admitted before the queue filled: they give up on the connection after the pool's timeout, as a 503.
    for (const r of await Promise.all(queued)) {
      expect(r).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
      expect(r.ms).toBeLessThan(REQUEST_CONNECTION_TIMEOUT_MS + 500);
    }

    await hold;
    expect(poolLoad(requestDb)!.waiting).toBe(0);
    expect((await timed(fetch(url))).status).toBe(200);
  });
});
