/**
 * Headless Chromium for the *.browser.e2e.ts files: one launch, phone-sized contexts that record
 * page errors and console lines, and what to keep when a test fails.
 *
 *   const app = useBrowserApp({ name: NAME, env, warm });  // the hooks: launch + startE2E, keep failures, close + stop
 *   const context = await app.browser.newContext();        // signed out
 *   const context = await app.browser.newContext(app.url, user); // with the cookies of an HTTP sign-in
 *   await page.goto(`${app.url}/reports`);  app.e2e.standin.events();  siteHeader(page)
 *
 * A file with more to start first (stand-ins, warm-up as staff) calls launchBrowser itself.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`), or CHROMIUM_PATH.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, type TestContext } from "vitest";
import { DRAFT_KEY_PREFIX } from "@/lib/report-draft";
import { startE2E, type E2E, type E2EOptions } from "./app-server";
import type { CookieJar } from "./http";
import { ARTIFACTS } from "./paths";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// No sandbox (containers run as root); nothing that reaches for the network on its own.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "en-IN" };

export interface E2EBrowser {
  browser: Browser;
  /** Uncaught errors of every page of every context, for `expect(pageErrors).toEqual([])`. */
  pageErrors: string[];
  /**
   * A phone-sized context; with `signedInAs`, it starts with every cookie that sign-in got; `options`
   * override the phone's (e.g. `{ locale: "hi-IN" }`, which is also the Accept-Language it sends).
   */
  newContext(url?: string, signedInAs?: { jar: CookieJar }, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** On a failed test: every open tab's screenshot and HTML, the console so far and the server log. */
  keepFailure(ctx: TestContext): Promise<void>;
  /** Writes `<name>-console.log` and closes every context and the browser. */
  close(): Promise<void>;
}

export async function launchBrowser(name: string): Promise<E2EBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];
  const failedRequests: string[] = [];

  return {
    browser,
    pageErrors,
    async newContext(url, signedInAs, options) {
      const context = await browser.newContext({ ...PHONE, ...options });
      context.setDefaultTimeout(45_000); // a page's client chunks may still compile on first visit
      context.on("weberror", (err) => pageErrors.push(err.error().message));
      context.on("console", (m) => consoleLines.push(`${new Date().toISOString()} [${m.type()}] ${m.page()?.url() ?? ""} ${m.text()}`));
      context.on("requestfailed", (r) => failedRequests.push(`${r.failure()?.errorText ?? "failed"} ${r.url()}`));
      if (signedInAs) {
        if (!url) throw new Error("newContext: a signed-in context needs the app's url for its cookies");
        const cookies = signedInAs.jar
          .header()
          .split("; ")
          .filter(Boolean)
          .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url }));
        await context.addCookies(cookies);
      }
      contexts.push(context);
      return context;
    },
    async keepFailure(ctx) {
      if (ctx.task.result?.state !== "fail") return;
      const slug = ctx.task.name.replace(/\W+/g, "-").slice(0, 40);
      for (const [c, context] of contexts.entries()) {
        for (const [i, page] of context.pages().entries()) {
          const file = `FAILED-${slug}-${c}-${i}`;
          await page.screenshot({ path: join(ARTIFACTS, `${file}.png`), fullPage: true }).catch(() => {});
          writeFileSync(join(ARTIFACTS, `${file}.html`), `<!-- ${page.url()} -->\n${await page.content().catch((e) => String(e))}`);
        }
      }
      const serverLog = join(ARTIFACTS, `${name}-server.log`);
      if (existsSync(serverLog)) copyFileSync(serverLog, join(ARTIFACTS, `FAILED-${slug}-server.log`));
      writeFileSync(join(ARTIFACTS, `FAILED-${slug}-console.log`), consoleLines.join("\n"));
    },
    async close() {
      writeFileSync(join(ARTIFACTS, `${name}-console.log`), [...consoleLines, "", "failed requests:", ...failedRequests].join("\n"));
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
    },
  };
}

/** The report drafts a tab keeps in its sessionStorage (src/lib/report-draft.ts), as [key, value]. */
export function reportDrafts(page: Page): Promise<[string, string][]> {
  return page.evaluate((prefix) => Object.entries(sessionStorage).filter(([k]) => k.startsWith(prefix)), DRAFT_KEY_PREFIX);
}

/** The site header of a page (sign-in state, navigation). */
export function siteHeader(page: Page): Locator {
  return page.locator("header.site-header");
}

/**
 * The header with its navigation shown: on a phone the links sit behind the Menu button
 * (src/components/header-menu.tsx), which this opens if it is there and closed.
 */
export async function openSiteMenu(page: Page): Promise<Locator> {
  const header = siteHeader(page);
  const menu = header.locator("button.menu-button");
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  return header;
}

export interface BrowserApp {
  readonly e2e: E2E;
  readonly browser: E2EBrowser;
  /** The app's address, e2e.url. */
  readonly url: string;
}

/**
 * The hooks every browser journey file needs: Chromium launched and the app started before its
 * tests, what a failed test leaves kept after each, the browser closed and the app stopped after
 * all. The fields are there from the file's own beforeAll on (hooks run in the order registered).
 */
export function useBrowserApp(options: E2EOptions): BrowserApp {
  let e2e: E2E | undefined;
  let browser: E2EBrowser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(options.name);
    e2e = await startE2E(options);
  });
  afterEach(async (ctx) => browser?.keepFailure(ctx));
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useBrowserApp(): the browser and the app start in beforeAll");
    return value;
  };
  return {
    get e2e() {
      return started(e2e);
    },
    get browser() {
      return started(browser);
    },
    get url() {
      return started(e2e).url;
    },
  };
}
