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

async function serve(opts: { places: number; maxWaiting: number }) {
  const handler = createInngestHandler(opts);
  server = createServer((req, res) => void handler.answer(req, res, new Headers(req.headers as Record<string, string>)));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { handler, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest` };
}

/** A POST whose body is still arriving: it holds its place in the gate until `end` is called. */
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
    const { handler, url } = await serve({ places: 1, maxWaiting: 1 });
    const first = slowPost(url);
    await until(() => handler.gate.running === 1);
    const second = slowPost(url);
    await until(() => handler.gate.waiting === 1);
    const third = await fetch(url, { method: "POST", body: "{}" });
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("1");
    first.end();
    second.end();
    // Both are answered by the SDK once they get their place (not with the gate's 503).
    expect(await first.answered).not.toBe(503);
    expect(await second.answered).not.toBe(503);
    expect({ running: handler.gate.running, waiting: handler.gate.waiting }).toEqual({ running: 0, waiting: 0 });
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
