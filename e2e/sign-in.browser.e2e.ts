/**
 * The sign-in journey in a real browser (Debian chromium, headless, phone-sized viewport) against
 * the real app and the Inngest stand-in: ask for a code, read it in /dev/mailbox, sign in, see the
 * header change, sign out. Then Inngest goes away and the sign-in page says so.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`), or CHROMIUM_PATH.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { openSiteMenu, reportDrafts, siteHeader, useBrowserApp } from "./support/browser";
import { randomIndianMobile } from "./support/http";
import { ARTIFACTS } from "./support/paths";

const app = useBrowserApp({
  name: "sign-in-browser",
  env: MANY_SIGN_INS,
  // Compile the pages and routes of the journey up front (10-20 s each on a cold `next dev`),
  // so the browser waits below measure the app, not Turbopack.
  warm: ["/signin", "/dev/mailbox", "/", "/reports/new", "/api/auth/session", "/api/trpc/auth.deliveryStatus"],
});
let context: BrowserContext;

beforeAll(async () => {
  context = await app.browser.newContext();
});

describe("sign-in journey in the browser", () => {
  // Typed the way people type it; the app normalises to E.164 with the default country (IN).
  const phone = randomIndianMobile();
  const typed = `${phone.slice(3, 8)} ${phone.slice(8)}`;

  it("asks for a code, reads it in the dev mailbox, signs in, and signs out", async () => {
    // Pages must never call /api/auth/session: next-auth re-issues the session cookie on each call,
    // so one in flight while "Sign out" clears the cookie signs the person back in (seen in CI).
    const sessionCalls: string[] = [];
    context.on("request", (req) => {
      if (new URL(req.url()).pathname === "/api/auth/session") sessionCalls.push(`${req.method()} from ${req.frame().url()}`);
    });
    const page = await context.newPage();
    await page.goto(`${app.url}/signin`);
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    await expect.poll(async () => (await openSiteMenu(page)).getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
    // Another tab of the same browser, open all along: it follows the sign-in and the sign-out.
    const other = await context.newPage();
    await other.goto(`${app.url}/`);
    await siteHeader(other).getByRole("link", { name: "Sign in", includeHidden: true }).waitFor({ state: "attached" });

    await page.bringToFront();
    await page.getByLabel("Mobile number").fill(typed);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByText("We sent a code to").waitFor();
    expect(await page.getByTestId("sent-to").textContent()).toBe(`+91 ${"•".repeat(7)}${phone.slice(-3)}`);
    // The worker is connected (the stand-in is up), so no offline notice.
    expect(await page.getByTestId("worker-offline").count()).toBe(0);

    // The code, as the dev mailbox shows it (same browser context, another tab).
    const mail = await context.newPage();
    await mail.goto(`${app.url}/dev/mailbox`);
    const codeEl = mail.locator(`[data-testid=message][data-recipient="${phone}"] [data-testid=otp-code]`);
    await codeEl.first().waitFor({ timeout: 30_000 }); // the mailbox polls every 2 s
    expect(await codeEl.count()).toBe(1);
    const code = (await codeEl.textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);
    // The dev mailbox is a page of `next dev` only, so its axe check is here, with a message in it
    // (accessibility.browser.e2e.ts checks every other page on the production server).
    const axe = await new AxeBuilder({ page: mail }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => `${v.impact} ${v.id}: ${v.help}`)).toEqual([]);
    await mail.close();

    // A wrong code first: refused next to the code field, with the generic message, and focus on it.
    await page.bringToFront();
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("6-digit code").fill(wrong);
    await page.getByRole("button", { name: "Sign in" }).click();
    const error = page.getByTestId("code-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/not valid or has expired/);
    expect(await page.getByLabel("6-digit code").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("code");
    expect(await siteHeader(page).getByTestId("signed-in").count()).toBe(0);

    await page.getByLabel("6-digit code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    const signedIn = siteHeader(page).getByTestId("signed-in");
    await signedIn.waitFor({ state: "attached" });
    // The header shows the number formatted for people: "+91 98765 43210".
    expect(await signedIn.textContent()).toContain(`+91 ${phone.slice(3, 8)} ${phone.slice(8)}`);
    await page.waitForURL(`${app.url}/`);
    await page.getByTestId("welcome").waitFor();
    expect(await page.getByTestId("welcome").textContent()).toContain(`+91 ${phone.slice(3, 8)} ${phone.slice(8)}`);
    await page.screenshot({ path: join(ARTIFACTS, "signed-in.png"), fullPage: false });

    // The other tab shows the sign-in without being reloaded.
    await siteHeader(other).getByTestId("signed-in").waitFor({ state: "attached", timeout: 10_000 });
    // It starts a report there, which the tab keeps as a draft.
    await other.goto(`${app.url}/reports/new`);
    await siteHeader(other).getByTestId("signed-in").waitFor({ state: "attached" });
    await other.getByLabel("What is the problem?").fill("Started in the other tab");
    await expect.poll(() => reportDrafts(other)).toHaveLength(1);

    // The session survives a reload (it is a cookie, not page state).
    await page.reload();
    await siteHeader(page).getByTestId("signed-in").waitFor({ state: "attached" });
    // This tab starts one too, before signing out.
    await page.goto(`${app.url}/reports/new`);
    await page.getByLabel("What is the problem?").fill("Started in this tab");
    await expect.poll(() => reportDrafts(page)).toHaveLength(1);

    await (await openSiteMenu(page)).getByRole("button", { name: "Sign out" }).click();
    await siteHeader(page).getByRole("link", { name: "Sign in", includeHidden: true }).waitFor({ state: "attached" });
    expect(await siteHeader(page).getByTestId("signed-in").count()).toBe(0);
    await page.reload();
    await siteHeader(page).getByRole("link", { name: "Sign in", includeHidden: true }).waitFor({ state: "attached" });
    expect(await siteHeader(page).getByTestId("signed-in").count()).toBe(0);
    // The other tab, on a page that needs a session, is sent to sign-in without being reloaded.
    await other.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("callbackUrl") === "/reports/new", { timeout: 10_000 });
    expect(await siteHeader(other).getByTestId("signed-in").count()).toBe(0);
    // What was typed under the account does not stay behind in either tab.
    expect(await reportDrafts(page)).toEqual([]);
    expect(await reportDrafts(other)).toEqual([]);
    await other.close();
    await page.close();
    expect(sessionCalls).toEqual([]);

    expect(app.browser.pageErrors).toEqual([]);
  });

  it("tells people when the background worker is not connected", async () => {
    await app.e2e.stopStandin();
    const page = await context.newPage();
    // The server caches reachability for 10 s; reload until it notices.
    const notice = page.getByTestId("worker-offline");
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto(`${app.url}/signin`);
      await page.getByLabel("Mobile number").waitFor();
      try {
        await notice.waitFor({ timeout: 3_000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
    expect(await notice.textContent()).toMatch(/background worker is not connected/);
    await page.screenshot({ path: join(ARTIFACTS, "worker-offline.png") });
    await page.close();
    expect(app.browser.pageErrors).toEqual([]);
  });
});
