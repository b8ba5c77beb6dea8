/**
 * Filing a report in a real browser (Debian chromium, headless, phone-sized viewport) against the
 * real app and the Inngest stand-in: sign in, fill the form with typed coordinates (map tiles cannot
 * load offline; the form must not need them), see the reference, find the report under "My reports",
 * watch its page sort itself (triage-report through the stand-in) and list the background work, and
 * see the +5 on the profile. A too-short title is refused in place and creates nothing; a send whose
 * answer is lost and is sent again files the report once (the form's submission key), also after
 * a reload (the form keeps its draft and key in the tab).
 *
 * Screenshots for a person to look at: e2e/artifacts/report-form.png, report-form-error.png,
 * report-confirmation.png, report-page.png, my-reports.png, profile.png, report-form-conflict.png,
 * report-form-restored.png.
 *
 * Runs on the production server: the sign-in code comes by "Twilio" (a stand-in), as it would live.
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/reports.browser.e2e.ts
 */
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_LABELS } from "@/shared/report-catalog";
import { MANY_SIGN_INS } from "./support/app-server";
import { openSiteMenu, reportDrafts, siteHeader, useBrowserApp } from "./support/browser";
import { codeOf, randomIndianMobile } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { otpSms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const REF = /^CL-\d{4}-\d{6}$/;

const twilio = await startTwilioStandin();
const app = useBrowserApp({ name: "reports-browser", server: "production", env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) } });
let context: BrowserContext;
afterAll(async () => {
  await twilio.close();
});

beforeAll(async () => {
  context = await app.browser.newContext();
});

/** reports.mine as the browser's own session sees it (same cookies), without touching the page. */
async function myReportsViaApi(): Promise<{ ref: string }[]> {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ limit: 50 })));
  const res = await context.request.get(`${app.url}/api/trpc/reports.mine?input=${input}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<{ items: { ref: string }[] }>(body.result.data).items;
}

/**
 * An answer lost on the way: the next send of the report form reaches the server and files the
 * report, but what comes back is a server error (502, in tRPC's shape, as a server that timed out
 * after the commit would answer), and the form shows the failure. Later sends go through. Returns how many sends there were so far. (A send that gets
 * no answer at all is kept on the device and sent by itself: e2e/offline.browser.e2e.ts.)
 */
async function loseFirstAnswer(page: Page): Promise<() => number> {
  let sends = 0;
  await page.route("**/api/trpc/reports.create**", async (route) => {
    if (++sends > 1) return route.continue();
    await route.fetch();
    const error = { message: "The server did not answer in time. Please try again.", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 502 } };
    await route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify([{ error: { json: error } }]) });
  });
  await page.getByRole("button", { name: "Submit report" }).click();
  await page.getByTestId("report-error").waitFor();
  return () => sends;
}

/** A new tab on the report form, ready to type in. */
async function openReportForm(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.url}/reports/new`);
  await page.getByRole("heading", { name: "Report a problem" }).waitFor();
  return page;
}

/** Types a report into the form: what and where (typed coordinates). */
async function fillReport(page: Page, report: { title: string; description: string; latitude: string; longitude: string }) {
  await page.getByLabel("What is the problem?").fill(report.title);
  await page.getByLabel("Describe it").fill(report.description);
  await page.getByLabel("Latitude").fill(report.latitude);
  await page.getByLabel("Longitude").fill(report.longitude);
}

const title = "Streetlight out at the bus stop";
const description = "The streetlight next to the 5th Block bus stop has been dark for a week; the stretch is pitch black at night.";

describe("filing a report in the browser", () => {
  const phone = randomIndianMobile();
  let ref = "";

  it("signs in and lands on the report form", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/new`);
    // Signed out, the form sends people to sign in first, and back afterwards.
    await page.waitForURL(/\/signin\?callbackUrl=%2Freports%2Fnew|\/signin\?callbackUrl=\/reports\/new/);
    await page.getByLabel("Mobile number").fill(`${phone.slice(3, 8)} ${phone.slice(8)}`);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByText("We sent a code to").waitFor();
    await page.getByLabel("6-digit code").fill(codeOf(await otpSms(twilio, phone)));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.url}/reports/new`);
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    await siteHeader(page).getByTestId("signed-in").waitFor({ state: "attached" });
    // The header shows the number formatted for people (+91 98765 43210): compare the digits.
    expect((await siteHeader(page).getByTestId("signed-in").textContent())!.replace(/\D/g, "")).toContain(phone.slice(1));
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("at 360px the signed-in header is one row, and its menu fits: nothing scrolls sideways", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${app.url}/me/reports`);
    await siteHeader(page).getByTestId("signed-in").waitFor({ state: "attached" });
    // Against 360 itself: a phone browser widens its layout viewport to fit a page that overflows.
    const measure = () =>
      page.evaluate((width) => {
        const nav = document.querySelector("header.site-header nav")!;
        const outside = [...document.querySelectorAll("header.site-header a, header.site-header button")]
          .map((el) => ({ text: el.textContent!.trim(), rect: el.getBoundingClientRect() }))
          .filter(({ rect }) => rect.width > 0 && (rect.left < 0 || rect.right > width))
          .map(({ text, rect }) => `${text} (${Math.round(rect.left)}-${Math.round(rect.right)}px)`);
        const headerHeight = document.querySelector("header.site-header")!.getBoundingClientRect().height;
        return { pageWidth: document.documentElement.scrollWidth, navScroll: nav.scrollWidth - nav.clientWidth, outside, compact: headerHeight <= 64 };
      }, 360);
    expect(await measure()).toEqual({ pageWidth: 360, navScroll: 0, outside: [], compact: true });
    await openSiteMenu(page);
    await siteHeader(page).getByTestId("signed-in").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "header-360.png") });
    expect(await measure()).toEqual({ pageWidth: 360, navScroll: 0, outside: [], compact: true });
    await page.close();
  });

  it("refuses a too-short title in place, naming the title, and creates nothing", async () => {
    const page = context.pages()[0]!;
    await page.getByLabel("What is the problem?").fill("Dark");
    await page.getByLabel("Describe it").fill(description);
    await page.getByRole("radio", { name: /^High/ }).check();
    await page.getByLabel("Latitude").fill("12.9352");
    await page.getByLabel("Longitude").fill("77.6245");
    // The map never gets its tiles here (no internet); it must not stand in the way.
    await page.screenshot({ path: join(ARTIFACTS, "report-form.png"), fullPage: true });
    await page.getByRole("button", { name: "Submit report" }).click();

    const fieldError = page.getByTestId("title-error");
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe("Say what the problem is in at least 5 characters");
    const titleInput = page.getByLabel("What is the problem?");
    expect(await titleInput.getAttribute("aria-invalid")).toBe("true");
    expect(await titleInput.getAttribute("aria-describedby")).toBe("title-error");
    // Focus went to the field at fault; no raw list of field names is shown.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("title");
    expect(await page.getByTestId("report-error").count()).toBe(0);
    // Only the title is at fault: no other field is marked.
    expect(await page.locator(".field-error:not([hidden])").count()).toBe(1);
    expect(await page.getByTestId("report-confirmation").count()).toBe(0);
    // What was typed is still there to fix.
    expect(await page.getByLabel("Describe it").inputValue()).toBe(description);
    expect(await page.getByLabel("Latitude").inputValue()).toBe("12.9352");
    await page.screenshot({ path: join(ARTIFACTS, "report-form-error.png"), fullPage: true });

    expect(await myReportsViaApi()).toEqual([]);
    expect(app.e2e.standin.events().filter((e) => e.name === "report/created")).toEqual([]);
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("files the report with typed coordinates and shows its reference, once, though the first answer was lost", async () => {
    const page = context.pages()[0]!;
    await page.getByLabel("What is the problem?").fill(title);
    expect(await page.getByRole("radio", { name: /^High/ }).isChecked()).toBe(true);
    // The first answer is lost; the citizen sees the failure and taps Submit again.
    const sends = await loseFirstAnswer(page);
    expect(await page.getByTestId("report-confirmation").count()).toBe(0);
    expect(await myReportsViaApi()).toHaveLength(1);
    await page.getByRole("button", { name: "Submit report" }).click();

    const confirmation = page.getByTestId("report-confirmation");
    await confirmation.waitFor();
    ref = (await page.getByTestId("report-ref").textContent())!.trim();
    expect(ref).toMatch(REF);
    expect(await confirmation.textContent()).toContain("Thank you");
    await page.screenshot({ path: join(ARTIFACTS, "report-confirmation.png"), fullPage: true });

    // The reference is read out and typed back: it never breaks at its hyphens, on any phone width.
    const lines: Record<number, number> = {};
    for (let width = 320; width <= 430; width += 5) {
      await page.setViewportSize({ width, height: 844 });
      lines[width] = await page.getByTestId("report-ref").evaluate((el) => el.getClientRects().length);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    expect(Object.entries(lines).filter(([, n]) => n !== 1)).toEqual([]);

    // The second send found the report the first one filed.
    expect(sends()).toBe(2);
    await page.unroute("**/api/trpc/reports.create**");
    const mine = await myReportsViaApi();
    expect(mine.map((r) => r.ref)).toEqual([ref]);
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("lists it under My reports, and its page sorts itself and shows the background work", async () => {
    expect(ref, "needs the report of the previous test").toMatch(REF);
    const page = context.pages()[0]!;
    await (await openSiteMenu(page)).getByRole("link", { name: "My reports" }).click();
    await page.waitForURL(`${app.url}/me/reports`);
    const list = page.getByTestId("my-reports");
    await list.waitFor();
    expect(await list.locator("li").count()).toBe(1);
    const item = list.locator(`li[data-ref="${ref}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(title);
    await page.screenshot({ path: join(ARTIFACTS, "my-reports.png"), fullPage: true });

    await item.getByRole("link", { name: title }).click();
    await page.waitForURL(`${app.url}/reports/${ref}`);
    const report = page.getByTestId("report-page");
    await report.waitFor();
    expect(await report.getByRole("heading", { level: 1 }).textContent()).toBe(title);

    // The page polls while the report is being sorted: no reloads here.
    const meta = report.locator(".report-meta");
    await expect.poll(() => meta.getByTestId("report-status").textContent(), { timeout: 60_000, interval: 500 }).toBe("Under review");
    await meta.getByTestId("report-category").waitFor({ timeout: 30_000 });
    const category = (await meta.getByTestId("report-category").textContent())!.trim();
    expect(Object.values(CATEGORY_LABELS)).toContain(category);
    expect(await meta.textContent()).toMatch(/High severity/);
    expect(await meta.textContent()).toMatch(/(Low|Normal|High) priority|Urgent/);

    const runs = report.getByTestId("runs");
    for (const fn of ["award-reputation", "triage-report", "record-audit"]) {
      await runs.locator(`li[data-function="${fn}"][data-status="completed"]`).waitFor({ timeout: 60_000 });
    }
    // Nothing else for this report failed or is stuck (other functions may join the list later).
    expect(await runs.locator('li:not([data-status="completed"])').count()).toBe(0);
    // The reporter reads plain progress: what is being done and "Done", no function ids or timings.
    for (const label of ["Adding your reputation points", "Checking your report", "Keeping a record"]) expect(await runs.textContent()).toContain(label);
    expect(await runs.locator("li").first().textContent()).toMatch(/Done$/);
    expect(await runs.textContent()).not.toMatch(/\d+ ms|award-reputation|triage-report|completed/);

    const timeline = report.getByTestId("timeline");
    expect(await timeline.textContent()).toContain("Report submitted");
    expect(await timeline.textContent()).toContain("Sorted automatically");
    // People read the category's label in the triage note and details, never its id.
    expect(await timeline.textContent()).toContain(`Sorted as ${category}, priority`);
    await report.getByTestId("triage-details").waitFor();
    expect(await report.getByTestId("triage-details").textContent()).toContain(`Classifier: ${category} (`);
    await page.screenshot({ path: join(ARTIFACTS, "report-page.png"), fullPage: true });
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("shows 5 reputation points on the profile, from filing this report", async () => {
    expect(ref, "needs the report of the previous test").toMatch(REF);
    const page = context.pages()[0]!;
    await (await openSiteMenu(page)).getByRole("link", { name: "Profile" }).click();
    await page.waitForURL(`${app.url}/profile`);
    await expect.poll(() => page.getByTestId("reputation-total").textContent(), { timeout: 20_000 }).toBe("5");
    // The phone as people write it, not as stored (E.164).
    expect(await page.getByTestId("profile-phone").textContent()).toBe(`+91 ${phone.slice(3, 8)} ${phone.slice(8)}`);
    expect(await page.locator("main").textContent()).not.toContain(phone);
    const ledger = page.getByTestId("ledger");
    await ledger.locator("li").first().waitFor();
    expect(await ledger.locator("li").count()).toBe(1);
    const entry = (await ledger.locator("li").first().textContent())!.replace(/\s+/g, " ");
    expect(entry).toContain(`+5 Filed a report — ${ref}`);
    // The ref links to the report.
    expect(await ledger.getByRole("link", { name: ref }).getAttribute("href")).toBe(`/reports/${ref}`);
    await page.screenshot({ path: join(ARTIFACTS, "profile.png"), fullPage: true });
    await page.close();

    // Offline tiles failed quietly: no uncaught errors on any page of the journey.
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("after a lost answer and an edit, says the report was filed as first sent, and files the edit as a new one on request", async () => {
    expect(ref, "needs the report of the earlier test").toMatch(REF);
    const page = await openReportForm();
    await fillReport(page, {
      title: "Garbage not collected on 3rd Main",
      description: "Bins on 3rd Main have not been emptied since Monday and are spilling onto the footpath.",
      latitude: "12.9301",
      longitude: "77.6202",
    });
    const sends = await loseFirstAnswer(page);
    const [filed] = (await myReportsViaApi()).filter((r) => r.ref !== ref);
    expect(filed?.ref).toMatch(REF);

    // The citizen rewords the title before trying again: the form says what happened.
    await page.getByLabel("What is the problem?").fill("Overflowing bins on 3rd Main");
    await page.getByRole("button", { name: "Submit report" }).click();
    await expect.poll(() => page.getByTestId("report-error").textContent()).toContain(`This form already filed report ${filed!.ref}`);
    // The reference filed links to its report, and never breaks at its hyphens.
    const link = page.getByTestId("report-error").getByRole("link", { name: filed!.ref });
    expect(await link.getAttribute("href")).toBe(`/reports/${filed!.ref}`);
    expect(await link.evaluate((el) => el.getClientRects().length)).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "report-form-conflict.png"), fullPage: true });

    await page.getByRole("button", { name: "File this as a new report" }).click();
    await page.getByRole("button", { name: "Submit report" }).click();
    await page.getByTestId("report-confirmation").waitFor();
    const second = (await page.getByTestId("report-ref").textContent())!.trim();
    expect(second).toMatch(REF);
    expect(sends()).toBe(3); // lost, refused (409), filed anew
    expect((await myReportsViaApi()).map((r) => r.ref).sort()).toEqual([ref, filed!.ref, second].sort());
    await page.unroute("**/api/trpc/reports.create**");
    await page.close();
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("after a lost answer and a reload, keeps what was typed and its key: sending again files it once", async () => {
    const page = await openReportForm();
    const before = (await myReportsViaApi()).map((r) => r.ref);
    await fillReport(page, {
      title: "Broken water pipe on 9th Cross",
      description: "Drinking water has been gushing from a broken pipe on 9th Cross since this morning.",
      latitude: "12.9411",
      longitude: "77.6125",
    });
    await page.getByRole("radio", { name: /^Critical/ }).check();
    await page.getByLabel("Category (optional)").selectOption("water_supply");
    const sends = await loseFirstAnswer(page);
    const [filed] = (await myReportsViaApi()).filter((r) => !before.includes(r.ref));
    expect(filed?.ref).toMatch(REF);

    // The citizen reloads the page before trying again: the form is as they left it.
    await page.reload();
    await page.getByTestId("draft-restored").waitFor();
    expect(await page.getByLabel("What is the problem?").inputValue()).toBe("Broken water pipe on 9th Cross");
    expect(await page.getByLabel("Describe it").inputValue()).toContain("gushing from a broken pipe");
    expect(await page.getByRole("radio", { name: /^Critical/ }).isChecked()).toBe(true);
    expect(await page.getByLabel("Category (optional)").inputValue()).toBe("water_supply");
    expect(await page.getByLabel("Latitude").inputValue()).toBe("12.9411");
    expect(await page.getByLabel("Longitude").inputValue()).toBe("77.6125");
    await page.screenshot({ path: join(ARTIFACTS, "report-form-restored.png"), fullPage: true });

    await page.getByRole("button", { name: "Submit report" }).click();
    await page.getByTestId("report-confirmation").waitFor();
    expect((await page.getByTestId("report-ref").textContent())!.trim()).toBe(filed!.ref);
    expect(sends()).toBe(2);
    expect((await myReportsViaApi()).filter((r) => !before.includes(r.ref)).map((r) => r.ref)).toEqual([filed!.ref]);
    await page.unroute("**/api/trpc/reports.create**");

    // Filed, the draft is gone: a reload shows an empty form.
    await page.reload();
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    await page.getByRole("button", { name: "Submit report" }).waitFor();
    expect(await page.getByLabel("What is the problem?").inputValue()).toBe("");
    expect(await page.getByTestId("draft-restored").count()).toBe(0);

    // A draft started and then dropped with "Start over" does not come back either.
    await page.getByLabel("What is the problem?").fill("Fallen tree blocking the lane");
    await expect.poll(() => reportDrafts(page)).toHaveLength(1);
    await page.reload();
    await page.getByTestId("draft-restored").waitFor();
    await page.getByRole("button", { name: "Start over" }).click();
    expect(await page.getByLabel("What is the problem?").inputValue()).toBe("");
    await page.reload();
    await page.getByRole("button", { name: "Submit report" }).waitFor();
    expect(await page.getByTestId("draft-restored").count()).toBe(0);
    await page.close();
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("a duplicated tab holds the same draft and key: the report is filed once, and an edited copy is told so", async () => {
    const original = await openReportForm();
    const before = (await myReportsViaApi()).map((r) => r.ref);
    await fillReport(original, {
      title: "Open manhole near the school gate",
      description: "The manhole cover outside the primary school gate is missing and children walk past it.",
      latitude: "12.9352",
      longitude: "77.6245",
    });
    await expect.poll(() => reportDrafts(original)).toHaveLength(1);

    // The browser's "Duplicate tab" copies the tab's sessionStorage into the new tab, draft and key.
    const stored = await reportDrafts(original);
    const duplicate = async () => {
      const page = await context.newPage();
      await page.addInitScript((entries) => {
        if (sessionStorage.getItem("e2e:duplicated")) return;
        sessionStorage.setItem("e2e:duplicated", "1");
        for (const [key, value] of entries) sessionStorage.setItem(key, value);
      }, stored);
      await page.goto(`${app.url}/reports/new`);
      await page.getByTestId("draft-restored").waitFor();
      expect(await page.getByLabel("What is the problem?").inputValue()).toBe("Open manhole near the school gate");
      return page;
    };
    const copy = await duplicate();
    const edited = await duplicate();
    await edited.getByLabel("What is the problem?").fill("Open manhole by the school gate, no cover");

    await original.getByRole("button", { name: "Submit report" }).click();
    await original.getByTestId("report-confirmation").waitFor();
    const filed = (await original.getByTestId("report-ref").textContent())!.trim();
    expect(filed).toMatch(REF);

    // The unchanged copy sends the same key and gets the same report back; nothing new is filed.
    await copy.getByRole("button", { name: "Submit report" }).click();
    await copy.getByTestId("report-confirmation").waitFor();
    expect((await copy.getByTestId("report-ref").textContent())!.trim()).toBe(filed);

    // The edited copy is told the report was filed as first sent, with the offer to file the edit.
    await edited.getByRole("button", { name: "Submit report" }).click();
    await expect.poll(() => edited.getByTestId("report-error").textContent()).toContain(`This form already filed report ${filed}`);
    await edited.getByRole("button", { name: "File this as a new report" }).waitFor();

    expect((await myReportsViaApi()).filter((r) => !before.includes(r.ref)).map((r) => r.ref)).toEqual([filed]);
    for (const page of [original, copy, edited]) await page.close();
    expect(app.browser.pageErrors).toEqual([]);
  });
});
