/**
 * Security headers on every answer, from both servers: `next dev` (everything through Next and its
 * proxy) and the production server (tRPC answered by its own handler, the rest by Next). Read from a
 * page, tRPC answers (200 and 401), /api/health, a 404 and a script; then every page is opened in
 * Chromium and must hydrate with no Content-Security-Policy violation, map tiles included (served by
 * a local tile server on another origin, so only the img-src derived from MAP_TILE_URL admits them).
 * Last, an https APP_URL: HSTS, upgrade-insecure-requests and Secure, prefixed session cookies.
 *
 * Needs /usr/bin/chromium (or CHROMIUM_PATH) and `npm run build` first. Run with the lock:
 *   flock /tmp/civiclens-next.lock npx vitest run --config e2e/vitest.config.ts e2e/security-headers.e2e.ts
 */
import { createServer } from "node:http";
import type { BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS, startE2E, warmPages, type E2E } from "./support/app-server";
import { launchBrowser, type E2EBrowser } from "./support/browser";
import { getSession, randomIndianMobile, trpcMutation, trpcQuery, type CookieJar } from "./support/http";
import { signInBySms, startTwilioStandin, twilioEnv, type TwilioStandin } from "./support/twilio-standin";

// /dev/mailbox is a page under `next dev` and a 404 in production; both must hydrate.
const PAGES = ["/", "/signin", "/reports", "/reports/new", "/me/reports", "/profile", "/verify-email", "/dev/mailbox", "/admin", "/admin/audit", "/admin/tasks", "/admin/users", "/offline"];
const SIGNED_OUT_PAGES = ["/", "/signin", "/reports", "/offline"];
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** A map tile server on its own origin: every path answers a 1x1 PNG, and each request is counted. */
async function startTileServer() {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { "content-type": "image/png" }).end(PNG);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The Content-Security-Policy as directive name -> sources. */
function policyOf(res: Response): Map<string, string[]> {
  const csp = res.headers.get("content-security-policy");
  expect(csp, `${res.url} has no Content-Security-Policy`).toBeTruthy();
  return new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

function expectSecurityHeaders(res: Response, { https, tiles, dev }: { https: boolean; tiles: string; dev: boolean }) {
  const what = `${res.status} ${res.url}`;
  const csp = policyOf(res);
  expect(csp.get("default-src"), what).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(csp.get("connect-src"), what).toEqual(["'self'"]);
  expect(csp.get("object-src"), what).toEqual(["'none'"]);
  expect(csp.get("img-src"), what).toContain(tiles);
  expect(csp.get("script-src"), what).not.toContain("'unsafe-inline'");
  expect(csp.get("script-src")!.includes("'unsafe-eval'"), what).toBe(dev);
  expect(csp.has("upgrade-insecure-requests"), what).toBe(https);
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy"), what).toContain("geolocation=(self)");
  if (https) expect(res.headers.get("strict-transport-security"), what).toBe("max-age=63072000; includeSubDomains");
  else expect(res.headers.get("strict-transport-security"), what).toBeNull();
}

/** A page's nonce is fresh, in its policy, and on every script tag of its HTML. */
async function expectNonceOnEveryScript(res: Response): Promise<string> {
  const html = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(policyOf(res).get("script-src")!.join(" "))?.[1];
  expect(nonce, `${res.url}: no nonce in script-src`).toBeDefined();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, res.url).toContain(`nonce="${nonce}"`);
  return nonce!;
}

/** Records every CSP violation a page of this context reports, in the page and on the console. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeFunction("__reportCspViolation", (v: string) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  context.on("console", (m) => {
    if (/Content Security Policy|Permissions-Policy/i.test(m.text())) violations.push(`${m.page()?.url() ?? ""}: ${m.text()}`);
  });
  return violations;
}

/** Opens `path` and waits until React has hydrated its <main> (which needs every script the policy lets run). */
async function openHydrated(context: BrowserContext, url: string, path: string) {
  const page = await context.newPage();
  const res = await page.goto(`${url}${path}`);
  expect(res?.status(), path).toBeLessThan(500);
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  }, undefined, { timeout: 45_000 });
  return page;
}

describe.each(["dev", "production"] as const)("the %s server", (server) => {
  const name = `security-headers-${server}`;
  const adminPhone = randomIndianMobile();
  let e2e: E2E;
  let twilio: TwilioStandin;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let browser: E2EBrowser;
  let admin: CookieJar;
  let ref = "";
  const expected = () => ({ https: false, tiles: tiles.origin, dev: server === "dev" });

  beforeAll(async () => {
    twilio = await startTwilioStandin();
    tiles = await startTileServer();
    e2e = await startE2E({
      name,
      server,
      env: { ...twilioEnv(twilio), MAP_TILE_URL: `${tiles.origin}/{z}/{x}/{y}.png`, ...MANY_SIGN_INS },
      staff: [{ phone: adminPhone, role: "admin" }],
    });
    admin = await signInBySms(e2e.url, twilio, adminPhone);
    const created = await trpcMutation<{ ref: string }>(e2e.url, "reports.create", {
      title: "Broken streetlight near the school gate",
      description: "The streetlight at the school gate has been out for a week; children walk home in the dark.",
      severity: "medium",
      latitude: 12.9716,
      longitude: 77.5946,
    }, admin);
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    ref = created.data!.ref;
    // `next dev` compiled the pages signed out (redirects); compile them as the admin sees them
    // before a browser opens any, so no hot update reloads a page under the test.
    await warmPages(e2e.url, [...PAGES, `/reports/${ref}`], { cookie: admin.header() });
    browser = await launchBrowser(name);
  }, 600_000); // a cold `next dev` compiles every page twice over: signed out, then as the admin
  afterEach(async (ctx) => browser?.keepFailure(ctx));
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
    await twilio?.close();
    await tiles?.close();
  });

  it("sends the headers on pages, tRPC answers, /api/health, a 404 and scripts", async () => {
    const home = await fetch(`${e2e.url}/`);
    expect(home.status).toBe(200);
    expectSecurityHeaders(home, expected());
    const nonce = await expectNonceOnEveryScript(home);

    const feed = await fetch(`${e2e.url}/reports`);
    expectSecurityHeaders(feed, expected());
    expect(await expectNonceOnEveryScript(feed)).not.toBe(nonce);

    const ping = await fetch(`${e2e.url}/api/trpc/system.ping`);
    expect(ping.status).toBe(200);
    expectSecurityHeaders(ping, expected());
    const anonymous = await fetch(`${e2e.url}/api/trpc/profile.me`);
    expect(anonymous.status).toBe(401);
    expectSecurityHeaders(anonymous, expected());
    const malformed = await fetch(`${e2e.url}/api/trpc/reports.byId?input=not-json`);
    expect(malformed.status).toBe(400);
    expectSecurityHeaders(malformed, expected());

    const health = await fetch(`${e2e.url}/api/health`);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health, expected());

    const missing = await fetch(`${e2e.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, expected());
    await expectNonceOnEveryScript(missing);

    const script = /<script\b[^>]*\bsrc="([^"]+)"/.exec(await (await fetch(`${e2e.url}/`)).text())?.[1];
    expect(script).toBeDefined();
    const chunk = await fetch(new URL(script!, e2e.url));
    expect(chunk.status).toBe(200);
    expectSecurityHeaders(chunk, expected());
  });

  it("sends no HSTS and no Secure cookies when APP_URL is http", async () => {
    const csrf = await fetch(`${e2e.url}/api/auth/csrf`);
    expect(csrf.headers.get("strict-transport-security")).toBeNull();
    const cookies = csrf.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("next-auth.csrf-token="))).toBe(true);
    for (const cookie of cookies) expect(cookie).not.toMatch(/;\s*secure/i);
    expect(admin.get("next-auth.session-token")).toBeDefined();
  });

  it("hydrates every page with no CSP violation, map tiles from MAP_TILE_URL's host included", async () => {
    const signedOut = await browser.newContext();
    const signedIn = await browser.newContext(e2e.url, { jar: admin });
    const violations = [await watchViolations(signedOut), await watchViolations(signedIn)];
    for (const path of SIGNED_OUT_PAGES) await (await openHydrated(signedOut, e2e.url, path)).close();
    for (const path of [...PAGES, `/reports/${ref}`, "/no-such-page"]) {
      const page = await openHydrated(signedIn, e2e.url, path);
      if (path === "/reports/new" || path === `/reports/${ref}`) {
        await page.locator(".leaflet-tile-loaded").first().waitFor({ timeout: 30_000 });
      }
      await page.close();
    }
    expect(tiles.requests()).toBeGreaterThan(0);
    expect(violations.flat()).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 300_000); // fifteen page loads; under `next dev` each may still compile client chunks
});

describe("an https APP_URL (production server)", () => {
  const phone = randomIndianMobile();
  let e2e: E2E;
  let twilio: TwilioStandin;

  beforeAll(async () => {
    twilio = await startTwilioStandin();
    // The server still listens on plain http (TLS ends at a proxy in front of it); APP_URL is its public address.
    e2e = await startE2E({ name: "security-headers-https", server: "production", env: { ...twilioEnv(twilio), APP_URL: "https://civiclens.example.org" } });
  });
  afterAll(async () => {
    await e2e?.stop();
    await twilio?.close();
  });

  it("pins the browser to https on pages, tRPC answers, /api/health and 404s", async () => {
    const expected = { https: true, tiles: "https://tile.openstreetmap.org", dev: false };
    for (const path of ["/", "/api/trpc/system.ping", "/api/trpc/profile.me", "/api/health", "/no-such-page"]) {
      expectSecurityHeaders(await fetch(`${e2e.url}${path}`), expected);
    }
  });

  it("sets Secure, prefixed cookies, and reads the session from them", async () => {
    const csrf = await fetch(`${e2e.url}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    expect(csrfCookie).toMatch(/;\s*Secure/i);

    const jar = await signInBySms(e2e.url, twilio, phone);
    expect(jar.get("next-auth.session-token")).toBeUndefined();
    expect(jar.get("__Secure-next-auth.session-token")).toBeDefined();
    const sessionCookie = (await fetch(`${e2e.url}/api/auth/session`, { headers: { cookie: jar.header() } })).headers
      .getSetCookie()
      .find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(sessionCookie).toMatch(/;\s*Secure/i);
    expect((await getSession(e2e.url, jar))?.user?.phone).toBe(phone);
    // tRPC, answered by the production server's own handler, reads the same cookie.
    const me = await trpcQuery<{ phone: string }>(e2e.url, "profile.me", undefined, jar);
    expect(me.status, JSON.stringify(me.raw)).toBe(200);
    expect(me.data?.phone).toBe(phone);
  });
});
