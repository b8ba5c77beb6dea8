import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerUnavailable } from "@/server/http/back-pressure";
import { NGINX_CONF, nginxConfig } from "./support/nginx";

/** The app's own "busy" answer, as src/server/http/back-pressure.ts writes it. */
function appBusyAnswer() {
  const headers: Record<string, string> = {};
  let body = "";
  const res = { statusCode: 0, setHeader: (name: string, value: string) => (headers[name] = value), end: (b: string) => (body = b) };
  answerUnavailable({ url: "/api/trpc/reports.create", complete: true } as never, res as never, "CivicLens is busy right now. Please try again in a moment.");
  return { status: res.statusCode, headers, body: JSON.parse(body) as { error: { json: { data: Record<string, unknown> } } } };
}

describe("deploy/nginx.conf", () => {
  const conf = readFileSync(NGINX_CONF, "utf8");

  it("refuses past its cap with the app's own busy answer, so clients read both alike", () => {
    const app = appBusyAnswer();
    const nginxBody = /return 503 '([^']+)'/.exec(conf)?.[1];
    expect(nginxBody).toBeDefined();
    const fromNginx = JSON.parse(nginxBody!) as typeof app.body;
    // Only what depends on the request differs: the procedure's path, and the stack outside production.
    const { path: _path, stack: _stack, ...appData } = app.body.error.json.data;
    expect(fromNginx).toEqual({ error: { json: { ...app.body.error.json, data: appData } } });
    expect(conf).toMatch(/add_header Retry-After (\d+) always;/);
    expect(Number(/add_header Retry-After (\d+) always;/.exec(conf)![1])).toBe(Number(app.headers["retry-after"]));
    expect(app.status).toBe(503);
  });

  it("is filled in for a test without leaving a production path or port behind", () => {
    const filled = nginxConfig({ upstream: "127.0.0.1:4321", listen: 5432, prefix: "/tmp/x" });
    expect(filled).not.toMatch(/127\.0\.0\.1:3000|\/var\/lib\/civiclens-nginx|\/var\/log|listen 80 |^user /m);
    expect(filled).toContain("server 127.0.0.1:4321;");
    expect(filled).toContain("listen 127.0.0.1:5432 ");
  });
});
