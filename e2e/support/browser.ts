/**
 * Headless Chromium for the *.browser.e2e.ts files: one launch, phone-sized contexts that record
 * page errors and console lines, and what to keep when a test fails.
 *
 *   const browser = await launchBrowser(NAME);               // NAME = the startE2E name
 *   const context = await browser.newContext();              // signed out
 *   const context = await browser.newContext(e2e.url, user); // with the cookies of an HTTP sign-in
 *   afterEach((ctx) => browser?.keepFailure(ctx));
 *   afterAll(() => browser?.close());                         // before e2e.stop()
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`), or CHROMIUM_PATH.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { TestContext } from "vitest";
import { DRAFT_KEY_PREFIX } from "@/lib/report-draft";
import { ARTIFACTS } from "./app-server";
import type { CookieJar } from "./http";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// No sandbox (containers run as root); nothing that reaches for the network on its own.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "en-IN" };

export interface E2EBrowser {
  browser: Browser;
  /** Uncaught errors of every page of every context, for `expect(pageErrors).toEqual([])`. */
  pageErrors: string[];
  /** A phone-sized context; with `signedInAs`, it starts with every cookie that sign-in got. */
  newContext(url?: string, signedInAs?: { jar: CookieJar }): Promise<BrowserContext>;
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
    async newContext(url, signedInAs) {
      const context = await browser.newContext(PHONE);
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
