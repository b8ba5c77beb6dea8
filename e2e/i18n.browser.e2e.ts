/**
 * English and Hindi in a real browser (issue 16, item 3, and the header of item 7), phone-sized:
 * - a browser that asks for Hindi (Accept-Language hi-IN) gets the home page in Hindi, `<html lang>`
 *   saying so, a one-row header no taller than 64 px, and axe finds nothing serious or critical;
 * - the skip link is the first thing Tab reaches and moves focus to the page's content; the Menu
 *   button opens the navigation, Escape closes it and focus returns to the button;
 * - switching to English is remembered across pages (the NEXT_LOCALE cookie) although the browser
 *   still asks for Hindi, and works without JavaScript (a plain form POST);
 * - a Hindi-speaking visitor signs in: the sign-in code's SMS is written in Hindi; switching
 *   language while signed in saves it on the account;
 * - a Hindi speaker files a report in Devanagari through the Hindi form: it is confirmed in Hindi,
 *   sorted into the right category by triage, and when a moderator acknowledges it the status SMS
 *   comes in Hindi.
 *
 * Screenshots: e2e/artifacts/i18n-home-hi.png, i18n-menu-hi.png.
 *
 * Runs on the production server; SMS go out by "Twilio" (a stand-in), as they would live.
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/i18n.browser.e2e.ts
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { afterAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { openSiteMenu, siteHeader, useBrowserApp } from "./support/browser";
import { codeOf, randomIndianMobile, trpcMutation, trpcQuery, until } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { isOtpSms, otpSms, signInNewCitizenBySms, smsTo, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const HINDI = { locale: "hi-IN" };
const HOME_HI = "अपने शहर में कोई समस्या दिखी? उसकी रिपोर्ट करें, और उसके ठीक होने तक उस पर नज़र रखें।";
const HOME_EN = "See a problem in your city? Report it, and follow it to the fix.";

const moderatorPhone = randomIndianMobile();

const twilio = await startTwilioStandin();
const app = useBrowserApp({
  name: "i18n-browser",
  server: "production",
  env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) },
  staff: [{ phone: moderatorPhone, role: "moderator" }],
});
afterAll(async () => {
  await twilio.close();
});

describe("English and Hindi", () => {
  it("gives a Hindi browser the home page in Hindi, with a compact header and no serious axe finding", async () => {
    const context = await app.browser.newContext(undefined, undefined, HINDI);
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(HOME_HI);
    expect(await page.locator("html").getAttribute("lang")).toBe("hi-IN");
    expect(await siteHeader(page).getByRole("button", { name: "मेनू" }).isVisible()).toBe(true);

    const height = await siteHeader(page).evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThanOrEqual(64);
    await page.screenshot({ path: join(ARTIFACTS, "i18n-home-hi.png") });

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious).toEqual([]);
    expect(app.browser.pageErrors).toEqual([]);
    await context.close();
  });

  it("puts the skip link first and the navigation behind a Menu that Escape closes", async () => {
    const context = await app.browser.newContext(undefined, undefined, HINDI);
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.locator("h1").waitFor();
    const menu = siteHeader(page).getByRole("button", { name: "मेनू" });
    await expect.poll(() => menu.isEnabled()).toBe(true);

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("मुख्य सामग्री पर जाएँ");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");

    await menu.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
    expect(await siteHeader(page).getByRole("link", { name: "रिपोर्टें" }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "i18n-menu-hi.png") });
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    expect(await siteHeader(page).getByRole("link", { name: "रिपोर्टें" }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("menu-button"))).toBe(true);
    await context.close();
  });

  it("remembers a switch to English across pages, though the browser still asks for Hindi", async () => {
    const context = await app.browser.newContext(undefined, undefined, HINDI);
    const page = await context.newPage();
    await page.goto(`${app.url}/reports`);
    await siteHeader(page).getByTestId("locale-switch").click();
    await page.waitForURL(`${app.url}/reports`);
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en-IN");
    expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("en");

    await page.goto(`${app.url}/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(HOME_EN);
    expect(await siteHeader(page).getByTestId("locale-switch").textContent()).toBe("हिन्दी");
    await context.close();
  });

  it("switches language without JavaScript", async () => {
    const context = await app.browser.newContext(undefined, undefined, { ...HINDI, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    expect(await page.locator("h1").textContent()).toBe(HOME_HI);
    // Without scripts there is no menu to open: the links are in the page as they are.
    expect(await siteHeader(page).getByRole("link", { name: "रिपोर्टें" }).isVisible()).toBe(true);
    await siteHeader(page).getByTestId("locale-switch").click();
    await page.waitForURL(`${app.url}/`);
    expect(await page.locator("h1").textContent()).toBe(HOME_EN);
    await context.close();
  });

  it("texts a Hindi speaker's sign-in code in Hindi, and saves their switch on the account", async () => {
    const context = await app.browser.newContext(undefined, undefined, HINDI);
    const page = await context.newPage();
    const phone = randomIndianMobile();
    await page.goto(`${app.url}/signin`);
    await page.locator("#phone").fill(phone.slice(3));
    await page.locator("#phone").press("Enter");

    const sms = await otpSms(twilio, phone);
    expect(sms.body).toMatch(/^\d{6} आपका CivicLens साइन-इन कोड है। यह 5 मिनट में समाप्त हो जाएगा।/);
    await page.locator("#code").fill(codeOf(sms));
    await page.locator("#code").press("Enter");
    await siteHeader(page).getByTestId("signed-in").waitFor({ state: "attached" });
    expect(await page.locator("html").getAttribute("lang")).toBe("hi-IN");

    // English, then back to Hindi: each switch is saved on the account as well as in the cookie.
    await siteHeader(page).getByTestId("locale-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en-IN");
    await siteHeader(page).getByTestId("locale-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("hi-IN");
    const me = await context.request.get(`${app.url}/api/trpc/profile.me`);
    expect(((await me.json()) as { result: { data: { json: { locale: string } } } }).result.data.json.locale).toBe("hi");

    // Another browser of the same person, without the cookie and asking for English, follows the account.
    await context.clearCookies({ name: "NEXT_LOCALE" });
    const english = await app.browser.newContext(app.url, undefined, { locale: "en-IN" });
    await english.addCookies((await context.cookies()).map((c) => ({ ...c })));
    const page2 = await english.newPage();
    await page2.goto(`${app.url}/`);
    expect(await page2.locator("html").getAttribute("lang")).toBe("hi-IN");
    await openSiteMenu(page2);
    await english.close();
    await context.close();
  });
  it("files a report in Hindi through the Hindi form, and texts its status change in Hindi", async () => {
    const context = await app.browser.newContext(undefined, undefined, HINDI);
    const page = await context.newPage();
    const phone = randomIndianMobile();
    await page.goto(`${app.url}/signin?callbackUrl=%2Freports%2Fnew`);
    await page.locator("#phone").fill(phone.slice(3));
    await page.locator("#phone").press("Enter");
    await page.locator("#code").fill(codeOf(await otpSms(twilio, phone)));
    await page.locator("#code").press("Enter");
    await page.waitForURL(`${app.url}/reports/new`);

    // The form speaks Hindi; the report is written in Devanagari, the place typed as coordinates.
    await page.getByLabel("समस्या क्या है?").fill("बस स्टॉप के सामने सड़क पर बड़ा गड्ढा");
    await page.getByLabel("इसका वर्णन करें").fill("सड़क में गहरा गड्ढा है, रात में दोपहिया वाहन गिर रहे हैं। कृपया जल्दी ठीक करें।");
    await page.locator("input[name=severity][value=high]").check();
    await page.locator("#latitude").fill("12.97160");
    await page.locator("#longitude").fill("77.59460");
    await page.getByRole("button", { name: "रिपोर्ट भेजें" }).click();
    const confirmation = page.getByTestId("report-confirmation");
    await confirmation.waitFor({ timeout: 30_000 });
    expect(await confirmation.textContent()).toContain("धन्यवाद — आपकी रिपोर्ट दर्ज हो गई");
    const ref = (await page.getByTestId("report-ref").textContent())!.trim();

    // Triage reads Hindi: the report is sorted as a road problem.
    const sorted = await until("triage", async () => {
      const r = await trpcQuery<{ id: string; status: string; category: string | null }>(app.url, "reports.byId", { id: ref });
      return r.data?.status === "under_review" ? r.data : undefined;
    }, 60_000);
    expect(sorted.category).toBe("roads");

    // A moderator acknowledges it: the reporter (no email, so SMS) is told in Hindi.
    const moderator = await signInNewCitizenBySms(app.url, twilio, moderatorPhone);
    const opened = await trpcQuery<{ version: number }>(app.url, "admin.report", { id: ref }, moderator.jar);
    const acknowledged = await trpcMutation(app.url, "admin.moderate", { reportId: sorted.id, version: opened.data!.version, action: "acknowledge" }, moderator.jar);
    expect(acknowledged.status, JSON.stringify(acknowledged.raw)).toBe(200);
    const status = await until("the status SMS", async () => smsTo(twilio, phone).find((m) => !isOtpSms(m) && m.body.includes(ref)), 60_000);
    expect(status.body).toMatch(new RegExp(`^CivicLens: आपकी रिपोर्ट ${ref} की नई स्थिति: `));
    expect(status.body).toMatch(/[\u0900-\u097F]/);
    expect(app.browser.pageErrors).toEqual([]);
    await context.close();
  });
});
