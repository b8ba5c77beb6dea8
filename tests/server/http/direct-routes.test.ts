import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answerDirect, directRoute } from "@/server/http/direct-routes";
import { expectConsoleError } from "../../support/console-guard";

describe("directRoute", () => {
  it("takes a photo upload (POST only) and Open311's GET and POST, and leaves everything else to Next", () => {
    expect(directRoute("POST", "/api/reports/CL-2026-000123/photos")).not.toBeNull();
    expect(directRoute("POST", "/api/reports/CL-2026-000123/photos?x=1")).not.toBeNull();
    expect(directRoute("GET", "/open311/v2/requests.json?status=open")).not.toBeNull();
    expect(directRoute("POST", "/open311/v2/requests.json")).not.toBeNull();
    expect(directRoute("GET", "/open311/v2/services/roads.xml")).not.toBeNull();
    for (const [method, url] of [
      ["GET", "/api/reports/CL-2026-000123/photos"],
      ["PUT", "/api/reports/CL-2026-000123/photos"],
      ["POST", "/api/reports/CL-2026-000123/photos/"],
      ["POST", "/api/reports//photos"],
      ["DELETE", "/open311/v2/requests.json"],
      ["GET", "/open311/v2/"],
      ["GET", "/open311/v2/requests//x.json"],
      ["GET", "/open311/v3/requests.json"],
      ["GET", "/reports/CL-2026-000123"],
      ["POST", "/api/trpc/reports.create"],
    ] as const) {
      expect(directRoute(method, url), `${method} ${url}`).toBeNull();
    }
  });
});

describe("answerDirect", () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });

  async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
    server = createServer((req, res) => void answerDirect(req, res, handler));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("hands the handler the method, path, query, headers and the streamed body, and sends its status, headers, cookies and body", async () => {
    let seen: { method: string; path: string; header: string | null; body: string } | null = null;
    const url = await serve(async (request) => {
      const u = new URL(request.url);
      seen = { method: request.method, path: `${u.pathname}${u.search}`, header: request.headers.get("x-probe"), body: await request.text() };
      const headers = new Headers({ "content-type": "application/json", "retry-after": "3" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response(JSON.stringify({ ok: true }), { status: 201, headers });
    });
    const res = await fetch(`${url}/open311/v2/requests.json?x=1`, { method: "POST", headers: { "x-probe": "yes" }, body: "a=1&b=2" });
    expect(res.status).toBe(201);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual({ method: "POST", path: "/open311/v2/requests.json?x=1", header: "yes", body: "a=1&b=2" });
  });

  it("answers 500 with a JSON error when the handler throws, without the error's words", async () => {
    expectConsoleError(/secret detail/);
    const url = await serve(async () => {
      throw new Error("secret detail");
    });
    const res = await fetch(`${url}/open311/v2/services.json`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret detail");
    expect(JSON.parse(text)).toMatchObject({ error: { code: "INTERNAL" } });
  });

  it("aborts the handler's request when the client goes away mid-body", async () => {
    let aborted: Promise<boolean> | null = null;
    const url = await serve(async (request) => {
      aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve(true)));
      await request.text().catch(() => undefined);
      return new Response(null, { status: 204 });
    });
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(1024));
        setTimeout(() => controller.abort(), 100);
      },
    });
    await fetch(`${url}/api/reports/x/photos`, { method: "POST", body, signal: controller.signal, duplex: "half" } as RequestInit).catch(() => undefined);
    await expect(Promise.race([aborted ?? Promise.resolve(false), new Promise((r) => setTimeout(() => r("timeout"), 3000))])).resolves.toBe(true);
  });
});
