/**
 * Offline filing in a real browser (Debian chromium, headless, phone-sized) against the production
 * build (`npm run build` first: the service worker is built with it), issue 16 item 6:
 * - the app is installable: the manifest is served, valid, linked from every page, with its icons;
 * - after a visit the home page opens with no connection, from the service worker, and a page
 *   it does not keep shows the offline page;
 * - a citizen opens the form (by a client-side navigation from home), loses the connection, reloads
 *   it, and files with the connection gone (Chromium's offline emulation): the form says the
 *   report waits for a connection; back online it is sent by itself, the form says it is filed with
 *   a link to it, and the server holds exactly one report with that submission;
 * - a send that gets no answer (the request cut, the device still "online") keeps the report too,
 *   and it is filed once: by the worker's Background Sync, or by "My reports" when it next opens;
 * - a kept report whose session ended meanwhile is not dropped: it asks for a sign-in, and is filed
 *   once the citizen has signed in again.
 *
 * Screenshots: e2e/artifacts/offline-home.png, offline-queued.png, offline-filed.png.
 *
 * Needs /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock, after a build:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/offline.browser.e2e.ts
 */
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { codeOf, CookieJar, randomIndianMobile, signInWithCode, signOutWith, trpcMutation, until } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

// Production refuses the dev mailbox: codes go out by "Twilio" (a stand-in), as they would live.
const twilio = await startTwilioStandin();
afterAll(() => twilio.close());

const app = useBrowserApp({ name: "offline-browser", server: "production", env: { ...twilioEnv(twilio), ...MANY_SIGN_INS } });

let citizen: BrowserContext;
/** Signed in at the start: a second code for the same phone may only be asked for a while later. */
const latecomer = { phone: randomIndianMobile(), jar: new CookieJar() };

beforeAll(async () => {
  const jar = await signInBySms(app.url, twilio, randomIndianMobile(), new CookieJar());
  citizen = await app.browser.newContext(app.url, { jar });
  await signInBySms(app.url, twilio, latecomer.phone, latecomer.jar);
});

/** The citizen's reports as the server has them (reports.mine with the browser's own cookies). */
async function myReports(context: BrowserContext): Promise<{ ref: string; title: string }[]> {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ limit: 50 })));
  const res = await context.request.get(`${app.url}/api/trpc/reports.mine?input=${input}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<{ items: { ref: string; title: string }[] }>(body.result.data).items;
}

/**
 * Waits until the service worker controls the page, keeps `path` in its page cache, and keeps every
 * build file the page has loaded (a part of the page missing offline takes the page down).
 */
async function workerKeeps(page: Page, path: string) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(
    async (p) => {
      const pages = await caches.open("civiclens-pages");
      const files = await caches.open("civiclens-static");
      const loaded = performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .filter((url) => url.startsWith(`${location.origin}/_next/static/`));
      const kept = await Promise.all(loaded.map(async (url) => (await files.match(url)) !== undefined));
      return (await pages.match(p)) !== undefined && navigator.serviceWorker.controller !== null && kept.every(Boolean);
    },
    path,
    { timeout: 30_000, polling: 250 },
  );
}

/** What the page shows, for a failure's message: its address, its title and the start of its text. */
async function shown(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body?.innerText.slice(0, 400) ?? "").catch((e: unknown) => String(e));
  const kept = await page
    .evaluate(async () => {
      const names = await caches.keys();
      // Pages by path; build files by count, with those this page loaded but the cache lacks.
      const loaded = performance.getEntriesByType("resource").map((e) => e.name).filter((url) => url.startsWith(`${location.origin}/_next/static/`));
      const pages = await Promise.all(
        names.map(async (n) => {
          const paths = (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname);
          const built = paths.filter((p) => p.startsWith("/_next/"));
          const lacking = built.length > 0 ? loaded.map((url) => new URL(url).pathname).filter((p) => !built.includes(p)) : [];
          // Each kept page with its title, which says what it holds.
          const cache = await caches.open(n);
          const named = await Promise.all(
            paths.filter((p) => !p.startsWith("/_next/")).map(async (p) => {
              const title = /<title>([^<]*)<\/title>/.exec((await (await cache.match(p, { ignoreVary: true }))?.text()) ?? "")?.[1];
              return title ? `${p} ("${title}")` : p;
            }),
          );
          return `${n}: ${named.join(" ")} (${built.length} build files${lacking.length > 0 ? `; lacks ${lacking.join(" ")}` : ""})`;
        }),
      );
      const worker = navigator.serviceWorker.controller?.state ?? "no controller";
      return `${pages.join("; ")}; worker ${worker}`;
    })
    .catch((e: unknown) => String(e));
  return `${page.url()} "${await page.title().catch(() => "")}": ${text}; caches ${kept}; page errors ${JSON.stringify(app.browser.pageErrors)}`;
}

/** Waits for `locator` offline, and says what the page shows instead when it does not come. */
async function offlineShows(page: Page, locator: ReturnType<Page["getByTestId"]>) {
  await locator.waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
    throw new Error(`${String(e)}\noffline, the page shows ${await shown(page)}`);
  });
}

async function fillReport(page: Page, title: string) {
  await page.getByLabel("What is the problem?").fill(title);
  await page.getByLabel("Describe it").fill("The drain cover is missing and the open drain is hidden under rainwater.");
  await page.getByLabel("Latitude").fill("12.9352");
  await page.getByLabel("Longitude").fill("77.6245");
  // The map zooms to the typed point; Leaflet throws if its map is removed (the form replaced by
  // the notice) in the middle of that animation, so the form is sent once it has settled.
  await page.waitForFunction(() => document.querySelector(".leaflet-zoom-anim") === null);
  await page.waitForTimeout(500);
}

describe("installing CivicLens", () => {
  it("serves a valid web app manifest, linked from the page, with icons that exist at their sizes", async () => {
    const res = await fetch(`${app.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/manifest+json");
    const manifest = (await res.json()) as { name: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({ name: "CivicLens", start_url: "/", display: "standalone", theme_color: "#0f5c4d" });
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
    for (const icon of manifest.icons) {
      const png = await fetch(new URL(icon.src, app.url));
      expect(png.headers.get("content-type"), icon.src).toBe("image/png");
      const bytes = Buffer.from(await png.arrayBuffer());
      // A PNG's IHDR: width and height as big-endian integers at bytes 16 and 20.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
    const home = await (await fetch(`${app.url}/`)).text();
    expect(home).toMatch(/<link rel="manifest" href="\/manifest.webmanifest"/);
    expect(home).toMatch(/<meta name="theme-color" content="#0f5c4d"/);
    // The worker script is served from this origin, and the page's policy admits it.
    const sw = await fetch(`${app.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-security-policy")).toContain("worker-src 'self'");
  });
});

describe("offline", () => {
  it("opens the home page with no connection after a visit, and the offline page for a page it does not keep", async () => {
    const page = await citizen.newPage();
    await page.goto(`${app.url}/`);
    await page.getByTestId("welcome").waitFor();
    await workerKeeps(page, "/");
    // A second visit, now under the worker, as a returning citizen's: the navigation itself is kept
    // (network first). The first visit's hand-over alone passed here but twice lost the home page
    // in CI (the offline page showed); when it fails, the message lists what the caches held.
    await page.goto(`${app.url}/`);
    await page.getByTestId("welcome").waitFor();
    await workerKeeps(page, "/");

    await citizen.setOffline(true);
    try {
      await page.reload();
      await offlineShows(page, page.getByTestId("welcome"));
      await page.screenshot({ path: join(ARTIFACTS, "offline-home.png") });
      await page.goto(`${app.url}/reports`);
      await page.getByRole("heading", { name: "You are offline" }).waitFor();
    } finally {
      await citizen.setOffline(false);
    }
    expect(app.browser.pageErrors).toEqual([]);
    await page.close();
  });

  it("keeps a report filed offline, sends it by itself when the connection returns, and files it once", async () => {
    const title = "Open drain outside the school gate";
    const page = await citizen.newPage();
    await page.goto(`${app.url}/`);
    // Reached by a client-side navigation, as a citizen does: the worker is handed the page to keep.
    await page.getByTestId("welcome").getByRole("link", { name: "Report a problem" }).click();
    await page.waitForURL(`${app.url}/reports/new`);
    await page.getByLabel("What is the problem?").waitFor();
    await workerKeeps(page, "/reports/new");

    await citizen.setOffline(true);
    const queued = page.getByTestId("report-queued");
    try {
      // The form opens with no connection, and works.
      await page.reload();
      await offlineShows(page, page.getByLabel("What is the problem?"));
      await page.waitForFunction(() => document.querySelector("form") !== null && navigator.onLine === false);
      await fillReport(page, title);
      await page.getByRole("button", { name: "Submit report" }).click();
      await queued.getByText("waiting for a connection").waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "offline-queued.png"), fullPage: true });
      // Still offline a while later: still waiting, nothing filed.
      await page.waitForTimeout(1_000);
      expect(await queued.getByTestId("queued-filed").count()).toBe(0);
      expect((await myReportsOffline()).filter((r) => r.title === title)).toHaveLength(0);
    } finally {
      await citizen.setOffline(false);
    }
    const ref = queued.getByTestId("report-ref");
    await ref.waitFor({ timeout: 30_000 });
    const filedRef = (await ref.textContent())!;
    expect(filedRef).toMatch(/^CL-\d{4}-\d{6,}$/);
    expect(await ref.getAttribute("href")).toBe(`/reports/${filedRef}`);
    await page.screenshot({ path: join(ARTIFACTS, "offline-filed.png"), fullPage: true });

    // Every sender (this page, the worker's Background Sync, "My reports") had its go: still one report.
    const other = await citizen.newPage();
    await other.goto(`${app.url}/me/reports`);
    await other.getByTestId("pending-report").first().waitFor();
    await page.waitForTimeout(2_000);
    const mine = (await myReports(citizen)).filter((r) => r.title === title);
    expect(mine.map((r) => r.ref)).toEqual([filedRef]);
    // The notice stays until dismissed, then the list is gone.
    const line = other.locator(`[data-testid=pending-report][data-state=filed]`);
    expect(await line.textContent()).toContain(filedRef);
    await line.getByRole("button", { name: "Dismiss" }).click();
    await other.getByTestId("pending-reports").waitFor({ state: "detached" });
    expect(app.browser.pageErrors).toEqual([]);
    await other.close();
    await page.close();
  });

  it("keeps a report whose send got no answer, and files it once when the connection is back", async () => {
    const title = "Streetlight hanging by its wires";
    const page = await citizen.newPage();
    await page.goto(`${app.url}/reports/new`);
    await page.getByLabel("What is the problem?").waitFor();
    // The connection drops as the report is sent: the request never gets an answer.
    await page.route("**/api/trpc/reports.create**", (route) => route.abort("internetdisconnected"));
    await fillReport(page, title);
    await page.getByRole("button", { name: "Submit report" }).click();
    await page.getByTestId("report-queued").getByText("waiting for a connection").waitFor();
    await page.close();

    const next = await citizen.newPage();
    await next.goto(`${app.url}/me/reports`);
    const line = next.locator(`[data-testid=pending-report][data-state=filed]`).filter({ hasText: title });
    await line.waitFor({ timeout: 30_000 });
    const mine = (await myReports(citizen)).filter((r) => r.title === title);
    expect(mine).toHaveLength(1);
    expect(await line.textContent()).toContain(mine[0]!.ref);
    await next.close();
  });
});

describe("a kept report the server refuses", () => {
  it("is kept when the session ended meanwhile, and filed once the citizen signs in again", async () => {
    const { phone, jar } = latecomer;
    const context = await app.browser.newContext(app.url, { jar });
    const title = "Tree fallen across the service road";
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/new`);
    await page.getByLabel("What is the problem?").waitFor();
    await workerKeeps(page, "/reports/new");

    await context.setOffline(true);
    await fillReport(page, title);
    await page.getByRole("button", { name: "Submit report" }).click();
    await page.getByTestId("report-queued").getByText("waiting for a connection").waitFor();
    // The session ends elsewhere (signed out on another device): the browser's cookie no longer works.
    await signOutWith(app.url, jar);
    await context.setOffline(false);
    const notice = page.getByTestId("report-queued");
    await notice.getByText("your session ended before it could be sent").waitFor({ timeout: 30_000 });
    expect(await notice.getByRole("link", { name: "sign in" }).getAttribute("href")).toBe(`/signin?callbackUrl=${encodeURIComponent("/me/reports")}`);
    await page.close();

    // Signed in again on this device: My reports sends it, once.
    const again = await signInAgain(phone);
    await context.clearCookies();
    await context.addCookies(
      again
        .header()
        .split("; ")
        .filter(Boolean)
        .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: app.url })),
    );
    const mine = await context.newPage();
    await mine.goto(`${app.url}/me/reports`);
    await mine.locator(`[data-testid=pending-report][data-state=filed]`).filter({ hasText: title }).waitFor({ timeout: 30_000 });
    expect((await myReports(context)).filter((r) => r.title === title)).toHaveLength(1);
    expect(app.browser.pageErrors).toEqual([]);
  });
});

/** A second sign-in of `phone`: its code is refused for a short while after the first (otp.ts), so it asks until it may. */
async function signInAgain(phone: string): Promise<CookieJar> {
  const sent = twilio.messages().filter((m) => m.to === phone).length;
  await until("a new sign-in code", async () => (await trpcMutation(app.url, "auth.requestOtp", { phone })).status === 200, 45_000, 2_000);
  const sms = await until("the second sign-in SMS", async () => twilio.messages().filter((m) => m.to === phone)[sent], 30_000);
  const jar = new CookieJar();
  const signedIn = await signInWithCode(app.url, jar, phone, codeOf(sms));
  expect(signedIn.status).toBe(200);
  return jar;
}

/** While the context is offline its own requests fail too: ask with a fresh context's cookies instead. */
async function myReportsOffline() {
  const probe = await app.browser.browser.newContext({ storageState: await citizen.storageState() });
  try {
    return await myReports(probe);
  } finally {
    await probe.close();
  }
}
