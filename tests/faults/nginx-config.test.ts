import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { answerUnavailable } from "@/server/http/back-pressure";
import { said } from "@/server/domain/server-messages";
import { NGINX, NGINX_CONF, nginxConfig, startNginx } from "./support/nginx";

type Busy = { error: { json: { message: string; data: Record<string, unknown> } } };

/** The app's own "busy" answer, as src/server/http/back-pressure.ts writes it, for a request with `cookie`. */
function appBusyAnswer(cookie: string) {
  const headers: Record<string, string> = {};
  let body = "";
  const res = { statusCode: 0, setHeader: (name: string, value: string) => (headers[name] = value), end: (b: string) => (body = b) };
  answerUnavailable({ url: "/api/trpc/reports.create", complete: true, headers: { cookie } } as never, res as never, said("busy"));
  const parsed = JSON.parse(body) as Busy;
  // Only what depends on the request differs: the procedure's path, and the stack outside production.
  const { path: _path, stack: _stack, ...data } = parsed.error.json.data;
  return { status: res.statusCode, retryAfter: headers["retry-after"], body: { error: { json: { ...parsed.error.json, data } } } };
}

describe("deploy/nginx.conf", () => {
  const conf = readFileSync(NGINX_CONF, "utf8");
  const bodies = [...conf.matchAll(/return 503 '([^']+)'/g)].map((m) => JSON.parse(m[1]!) as Busy);

  it("refuses past its cap with the app's own busy answer, in English and in Hindi", () => {
    const english = appBusyAnswer("");
    const hindi = appBusyAnswer("NEXT_LOCALE=hi");
    expect(hindi.body.error.json.message).not.toBe(english.body.error.json.message);
    expect(bodies).toEqual([hindi.body, english.body]);
    expect(Number(/add_header Retry-After (\d+) always;/.exec(conf)![1])).toBe(Number(english.retryAfter));
    expect(english.status).toBe(503);
  });

  it("is filled in for a test without leaving a production path or port behind", () => {
    const filled = nginxConfig({ upstream: "127.0.0.1:4321", listen: 5432, prefix: "/tmp/x" });
    expect(filled).not.toMatch(/127\.0\.0\.1:3000|\/var\/lib\/civiclens-nginx|\/var\/log|listen 80 |^user /m);
    expect(filled).toContain("server 127.0.0.1:4321;");
    expect(filled).toContain("listen 127.0.0.1:5432 ");
  });

  // CI installs nginx (.ci/run); a machine without it cannot run this part.
  it.skipIf(!existsSync(NGINX))("lets 24 tRPC calls through at once and answers the next itself, in the asker's language", async () => {
    const held: ServerResponse[] = [];
    let reached = 0;
    const upstream: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === "/api/health") return res.end("{}");
      reached++;
      held.push(res); // an app out of CPU: the call is in, and no answer comes
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const nginx = await startNginx("nginx-config-test", `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const inFlight: Promise<Response>[] = [];
    try {
      for (let i = 0; i < 24; i++) inFlight.push(fetch(`${nginx.url}/api/trpc/reports.list`));
      await expect.poll(() => reached).toBe(24);
      const started = performance.now();
      const refused = await fetch(`${nginx.url}/api/trpc/reports.create`, { method: "POST", body: "{}" });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toEqual(bodies[1]);
      const hindi = await fetch(`${nginx.url}/api/trpc/reports.create`, { method: "POST", body: "{}", headers: { cookie: "NEXT_LOCALE=hi" } });
      expect(await hindi.json()).toEqual(bodies[0]);
      const browser = await fetch(`${nginx.url}/api/trpc/reports.create`, { method: "POST", body: "{}", headers: { "accept-language": "hi-IN,hi;q=0.9,en;q=0.8" } });
      expect(await browser.json()).toEqual(bodies[0]);
      // None of the refused calls reached the app.
      expect(reached).toBe(24);
    } finally {
      for (const res of held) res.end("{}");
      await Promise.allSettled(inFlight);
      await nginx.stop();
      await new Promise((r) => upstream.close(r));
    }
  });
});
