import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createBackPressure } from "@/server/http/back-pressure";

/** The glue alone (no router call): `answer` stands in for answerTrpc. */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Answer = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function serve(backPressure: ReturnType<typeof createBackPressure>, answer: Answer): Promise<string> {
  const unexpected: unknown[] = [];
  const server = createServer((req, res) => {
    backPressure.handle(req, res, () => answer(req, res)).catch((err: unknown) => unexpected.push(err));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(unexpected).toEqual([]);
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ok: Answer = async (req, res) => {
  for await (const _ of req); // read the body, as answerTrpc does
  res.setHeader("content-type", "application/json");
  res.end("{}");
};

async function timed(request: Promise<Response>) {
  const started = performance.now();
  const res = await request;
  return { res, ms: performance.now() - started, body: (await res.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } } };
}

describe("tRPC back-pressure glue", () => {
  it("refuses at once past the in-flight limit with 503, Retry-After and tRPC's error shape, and admits again once answers went out", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const backPressure = createBackPressure({ limits: { maxInFlight: 2, maxPoolWaiting: 100 }, poolWaiting: () => null });
    const url = await serve(backPressure, async (req, res) => {
      await released;
      await ok(req, res);
    });

    const held = [fetch(`${url}/api/trpc/reports.feed`), fetch(`${url}/api/trpc/reports.feed`)];
    await expect.poll(() => backPressure.admission.inFlight).toBe(2);
    const refused = await timed(fetch(`${url}/api/trpc/reports.feed,profile.me?batch=1`));

    expect(refused.res.status).toBe(503);
    expect(refused.res.headers.get("retry-after")).toBe("1");
    expect(refused.ms).toBeLessThan(500);
    expect(refused.body.error!.json).toMatchObject({
      message: "CivicLens is busy right now. Please try again in a moment.",
      data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path: "reports.feed,profile.me", retryAfterSeconds: 1 },
    });

    // Said in the language the request's headers ask for (a busy server reads no account).
    const inHindi = await timed(fetch(`${url}/api/trpc/reports.feed`, { headers: { cookie: "NEXT_LOCALE=hi" } }));
    expect(inHindi.res.status).toBe(503);
    expect(inHindi.body.error!.json).toMatchObject({ message: "CivicLens अभी व्यस्त है। कृपया थोड़ी देर में फिर कोशिश करें।", data: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 1 } });
    const byBrowser = await timed(fetch(`${url}/api/trpc/reports.feed`, { headers: { "accept-language": "hi-IN, en;q=0.5" } }));
    expect(byBrowser.body.error!.json.message).toBe("CivicLens अभी व्यस्त है। कृपया थोड़ी देर में फिर कोशिश करें।");

    release();
    for (const r of await Promise.all(held)) expect(r.status).toBe(200);
    await expect.poll(() => backPressure.admission.inFlight).toBe(0);
    expect((await fetch(`${url}/api/trpc/reports.feed`)).status).toBe(200);
  });

  it("answers 503 at the deadline for an answer that does not come, and drops the late answer's failure", async () => {
    const backPressure = createBackPressure({ limits: { maxInFlight: 10, maxPoolWaiting: 10 }, poolWaiting: () => null, deadlineMs: 200 });
    let lateAnswerDone = false;
    const url = await serve(backPressure, async (req, res) => {
      await sleep(400);
      lateAnswerDone = true;
      res.setHeader("content-type", "application/json"); // throws: the deadline answered already
    });

    const late = await timed(fetch(`${url}/api/trpc/reports.feed`));
    expect(late.res.status).toBe(503);
    expect(late.res.headers.get("retry-after")).toBe("1");
    expect(late.ms).toBeGreaterThanOrEqual(190);
    expect(late.ms).toBeLessThan(400);
    expect(late.body.error!.json).toMatchObject({ message: "CivicLens took too long to answer. Please try again in a moment.", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } });
    await expect.poll(() => lateAnswerDone).toBe(true);
    await expect.poll(() => backPressure.admission.inFlight).toBe(0);
  });

  it("counts the deadline from the end of the body, not from a slow upload's first byte", async () => {
    const backPressure = createBackPressure({ limits: { maxInFlight: 10, maxPoolWaiting: 10 }, poolWaiting: () => null, deadlineMs: 200 });
    const url = new URL(await serve(backPressure, ok));
    const body = '{"json":{}}';

    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      let text = "";
      socket.on("data", (d) => (text += d.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
      socket.write(`POST /api/trpc/reports.create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
      setTimeout(() => socket.write(body), 400);
    });
    expect(response).toMatch(/^HTTP\/1.1 200 /);
  });

  it("closes the connection when it refuses a request whose body it did not read", async () => {
    const backPressure = createBackPressure({ limits: { maxInFlight: 0, maxPoolWaiting: 10 }, poolWaiting: () => null });
    const url = await serve(backPressure, ok);
    const refused = await fetch(`${url}/api/trpc/reports.create`, { method: "POST", body: "x".repeat(200_000), headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("connection")).toBe("close");
  });
});
