import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createInngestHandler } from "@/server/http/inngest-handler";

/** The production server's /api/inngest glue over node:http; signed calls are tests/inngest/signed-route.test.ts. */
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

type Route = NonNullable<Parameters<typeof createInngestHandler>[0]["route"]>;

/** A stand-in for the SDK's handlers: each POST holds its place until the test lets it go. */
function heldRoute() {
  const held: Array<() => void> = [];
  const bodies: number[] = [];
  const answer = async (request: Request) => {
    bodies.push((await request.text()).length);
    await new Promise<void>((release) => held.push(release));
    return new Response("{}", { status: 200 });
  };
  const route: Route = { GET: answer, POST: answer, PUT: answer };
  return { route, held, bodies, releaseAll: () => held.splice(0).forEach((release) => release()) };
}

async function serve(opts: Parameters<typeof createInngestHandler>[0], timeouts: { requestTimeout?: number; connectionsCheckingInterval?: number } = {}) {
  const handler = createInngestHandler(opts);
  server = createServer(timeouts, (req, res) => void handler.answer(req, res, new Headers(req.headers as Record<string, string>)));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { handler, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest` };
}

/** A POST whose body is still arriving until `end` is called. */
function slowPost(url: string) {
  const req = request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": "2" } });
  const answered = new Promise<number>((resolve, reject) => {
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
  });
  req.write("{");
  return { end: () => req.end("}"), answered };
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 5));
};

describe("the production server's /api/inngest handler", () => {
  it("refuses methods Inngest does not use", async () => {
    const { url } = await serve({ places: 1, maxWaiting: 1 });
    const res = await fetch(url, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, PUT");
  });

  it("runs calls a few at a time and refuses past its waiting room with a 503 Inngest retries", async () => {
    const sdk = heldRoute();
    const { handler, url } = await serve({ places: 1, maxWaiting: 1, route: sdk.route });
    const first = fetch(url, { method: "POST", body: "{}" });
    await until(() => handler.gate.running === 1);
    const second = fetch(url, { method: "POST", body: "{}" });
    await until(() => handler.gate.waiting === 1);
    const third = await fetch(url, { method: "POST", body: "{}" });
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("1");
    sdk.releaseAll();
    await until(() => sdk.held.length === 1);
    sdk.releaseAll();
    // Both are answered by the SDK once they get their place (not with the gate's 503).
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect({ running: handler.gate.running, waiting: handler.gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it("reads a call's body while it waits for a place, so a long wait never ends in the server's 408", async () => {
    const sdk = heldRoute();
    // Node gives a request this long to arrive in full, counting while nobody reads its body.
    const { handler, url } = await serve({ places: 1, maxWaiting: 5, route: sdk.route }, { requestTimeout: 300, connectionsCheckingInterval: 50 });
    const first = fetch(url, { method: "POST", body: "{}" });
    await until(() => handler.gate.running === 1);
    // Far more than a socket buffers unread: unread, it would still be arriving when the timeout struck.
    const large = JSON.stringify({ steps: "x".repeat(4 * 1024 * 1024) });
    const second = fetch(url, { method: "POST", body: large });
    await until(() => handler.gate.waiting === 1);
    await new Promise((r) => setTimeout(r, 700));
    sdk.releaseAll();
    await until(() => sdk.held.length === 1);
    sdk.releaseAll();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(sdk.bodies).toEqual([2, large.length]);
  });

  it("a body still arriving takes no place: calls whose bodies are in run first", async () => {
    const sdk = heldRoute();
    const { handler, url } = await serve({ places: 1, maxWaiting: 5, route: sdk.route });
    const slow = slowPost(url);
    const quick = fetch(url, { method: "POST", body: "{}" });
    await until(() => sdk.held.length === 1);
    expect(handler.gate.running).toBe(1);
    expect(sdk.bodies).toEqual([2]);
    sdk.releaseAll();
    expect((await quick).status).toBe(200);
    slow.end();
    await until(() => sdk.held.length === 1);
    sdk.releaseAll();
    expect(await slow.answered).toBe(200);
  });

  it("refuses a body past its limit with a 413 without reading it", async () => {
    const { url } = await serve({ places: 1, maxWaiting: 1 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "content-length": String(64 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(status).toBe(413);
  });
});
