/**
 * Accessibility in a real browser against the production server (`npm run build` first):
 * - axe on every page, for a visitor, a citizen, a moderator and an admin, on a desktop and a
 *   375×667 phone viewport, in English and in Hindi: no critical and no serious violation (the dev
 *   mailbox, a page of `next dev` only, is checked by sign-in.browser.e2e.ts);
 * - a keyboard-only journey files a report: the pin placed and moved by keyboard, a too-short
 *   title refused with focus moved to it, fixed, filed, and focus on the confirmation;
 * - on a phone the admin report panel opens in view as a dialog, focus inside, Escape closes it and
 *   focus returns to the report it was opened from;
 * - an admin's role change asks for confirmation first (Escape backs out);
 * - an Open311 key's limit is changed and the key revoked in steps in place, never a browser dialog.
 *
 * Needs /usr/bin/chromium (or CHROMIUM_PATH). Run with the e2e lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/accessibility.browser.e2e.ts
 */
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flattenCatalog } from "@/i18n/catalog-scan";
import { CATALOGS } from "@/i18n/messages";
import { LOCALE_COOKIE } from "@/shared/locales";
import { MANY_SIGN_INS } from "./support/app-server";
import { siteHeader, useBrowserApp } from "./support/browser";
import { randomIndianMobile, trpcMutation, trpcQuery, until, type SignedInCitizen } from "./support/http";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const moderatorPhone = randomIndianMobile();
const adminPhone = randomIndianMobile();

// Production has no dev mailbox: sign-in codes go out by "Twilio" (a stand-in), as they would live.
const twilio = await startTwilioStandin();
afterAll(() => twilio.close());

const app = useBrowserApp({
  name: "accessibility-browser",
  server: "production",
  env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) },
  staff: [
    { phone: moderatorPhone, role: "moderator" },
    { phone: adminPhone, role: "admin" },
  ],
});

type Who = "visitor" | "citizen" | "moderator" | "admin";
/** Every page, and who to check it as; `{ref}` is a report filed for this file. */
const PAGES: { path: string; as: Who[] }[] = [
  { path: "/", as: ["visitor", "citizen", "moderator"] },
  { path: "/reports", as: ["visitor", "citizen", "moderator"] },
  { path: "/reports?view=list", as: ["visitor"] },
  { path: "/reports/{ref}", as: ["visitor", "citizen", "moderator"] },
  { path: "/reports/new", as: ["citizen"] },
  { path: "/signin", as: ["visitor"] },
  { path: "/profile", as: ["citizen", "moderator"] },
  { path: "/me/reports", as: ["citizen"] },
  { path: "/verify-email", as: ["visitor"] },
  { path: "/admin", as: ["citizen", "moderator"] },
  { path: "/admin/audit", as: ["moderator"] },
  { path: "/admin/tasks", as: ["moderator"] },
  { path: "/admin/users", as: ["admin"] },
  { path: "/admin/bodies", as: ["admin"] },
  { path: "/admin/open311", as: ["admin"] },
  { path: "/admin/service-levels", as: ["moderator"] },
  { path: "/stats", as: ["visitor"] },
  { path: "/alerts/unsubscribe?token=not-a-real-token", as: ["visitor"] },
  { path: "/no-such-page", as: ["visitor"] },
];
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 375, height: 667 },
] as const;
/** Each language, as the NEXT_LOCALE cookie chooses it (the browser itself asks for English). */
const LOCALES = ["en", "hi"] as const;
type Locale = (typeof LOCALES)[number];
/** Impacts that fail the run. */
const BLOCKING = new Set(["critical", "serious"]);

const people: Partial<Record<Exclude<Who, "visitor">, SignedInCitizen>> = {};
const contexts: Partial<Record<`${Who}-${Locale}`, BrowserContext>> = {};
let ref = "";

beforeAll(async () => {
  people.citizen = await signInNewCitizenBySms(app.url, twilio);
  people.moderator = await signInNewCitizenBySms(app.url, twilio, moderatorPhone);
  people.admin = await signInNewCitizenBySms(app.url, twilio, adminPhone);
  for (const locale of LOCALES) {
    const language = async (context: BrowserContext) => {
      await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: app.url }]);
      return context;
    };
    contexts[`visitor-${locale}`] = await language(await app.browser.newContext());
    for (const who of ["citizen", "moderator", "admin"] as const) contexts[`${who}-${locale}`] = await language(await app.browser.newContext(app.url, people[who]));
  }
  const created = await trpcMutation<{ ref: string }>(
    app.url,
    "reports.create",
    {
      title: "Broken streetlight near the school gate",
      description: "The streetlight has been out for a week; children walk home in the dark.",
      severity: "high",
      latitude: 12.9352,
      longitude: 77.6245,
      address: "5th Cross, Koramangala",
    },
    people.citizen.jar,
  );
  expect(created.status, JSON.stringify(created.raw)).toBe(200);
  ref = created.data!.ref;
  await until("triage", async () => (await trpcQuery<{ status: string }>(app.url, "reports.byId", { id: ref })).data?.status === "under_review", 60_000);
}, 240_000);

/** What a part of a page says while its data is on the way, in each language: "Loading…" and its translations in the catalogs. */
const LOADING = (() => {
  const english = flattenCatalog(CATALOGS.en);
  const hindi = flattenCatalog(CATALOGS.hi);
  const keys = [...english].filter(([, text]) => text === "Loading…").map(([key]) => key);
  const words = new Set(["Loading…", ...keys.map((key) => hindi.get(key)!)]);
  return new RegExp(`^\\s*(${[...words].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\s*$`);
})();

/** A page settled enough to check: its heading there and nothing still loading. */
async function settle(page: Page) {
  await page.locator("h1").first().waitFor();
  await expect.poll(() => page.getByText(LOADING).count(), { timeout: 20_000 }).toBe(0);
}

describe("axe on every page", () => {
  const matrix = PAGES.flatMap((p) => p.as.flatMap((who) => VIEWPORTS.flatMap((v) => LOCALES.map((locale) => ({ ...p, who, viewport: v, locale })))));
  it.each(matrix)("$path as $who on $viewport.name in $locale", async ({ path, who, viewport, locale }) => {
    const page = await contexts[`${who}-${locale}`]!.newPage();
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto(`${app.url}${path.replace("{ref}", ref)}`);
    await settle(page);
    expect(await page.locator("html").getAttribute("lang")).toBe(locale === "hi" ? "hi-IN" : "en-IN");
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = result.violations
      .filter((v) => BLOCKING.has(v.impact ?? ""))
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    await page.close();
    expect(blocking).toEqual([]);
  });
});

/** Presses Tab (Shift+Tab with `back`) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${selector} not reached by keyboard in ${max} presses`);
}
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("keyboard only", () => {
  it("files a report with the pin placed by keyboard, guided by focus to the field at fault", async () => {
    const page = await contexts["citizen-en"]!.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(`${app.url}/reports/new`);
    await siteHeader(page).getByTestId("signed-in").waitFor({ state: "attached" }); // behind the Menu on a phone
    await page.locator("#location-map").waitFor();

    await tabTo(page, "#title");
    await page.keyboard.type("Dark"); // too short: at least 5 characters
    await tabTo(page, "#description");
    await page.keyboard.type("The lamp at the corner of 3rd Main has been dark for a week.");

    // The map: Enter places the pin at its centre, the arrow keys move it, each place read out.
    await tabTo(page, "#location-map");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#latitude").inputValue()).not.toBe("");
    const placed = { lat: Number(await page.locator("#latitude").inputValue()), lng: Number(await page.locator("#longitude").inputValue()) };
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowUp");
    await expect.poll(async () => Number(await page.locator("#longitude").inputValue())).toBeGreaterThan(placed.lng);
    expect(Number(await page.locator("#latitude").inputValue())).toBeGreaterThan(placed.lat);
    expect(await page.getByTestId("pin-announcer").textContent()).toMatch(/^Pin at latitude \d+\.\d{5}, longitude \d+\.\d{5}\.$/);

    // Submit: refused in place, focus on the title, its error tied to it.
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedId(page)).toBe("title");
    const title = page.locator("#title");
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    expect(await title.getAttribute("aria-describedby")).toContain("title-error");
    expect(await page.getByTestId("title-error").textContent()).toBe("Say what the problem is in at least 5 characters");
    // In view on the phone.
    const box = (await title.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(667);

    // Fixed: the error goes as soon as the title is long enough.
    await page.keyboard.type(" streetlight on 3rd Main");
    await expect.poll(() => page.getByTestId("title-error").isVisible()).toBe(false);
    expect(await title.getAttribute("aria-invalid")).toBeNull();

    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await page.getByTestId("report-confirmation").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toBe("Thank you — your report is in");
    const filed = (await page.getByTestId("report-ref").textContent())!.trim();
    const report = await trpcQuery<{ title: string; latitude: number; longitude: number }>(app.url, "reports.byId", { id: filed }, people.citizen!.jar);
    expect(report.data?.title).toBe("Dark streetlight on 3rd Main");
    expect(report.data?.latitude).toBeGreaterThan(placed.lat);
    expect(app.browser.pageErrors).toEqual([]);
    await page.close();
  });
});

describe("admin on a phone", () => {
  it("opens the report panel in view as a dialog; Escape closes it and focus returns", async () => {
    const page = await contexts["moderator-en"]!.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(`${app.url}/admin`);
    const open = page.locator(`[data-testid=queue] li[data-ref="${ref}"] button.report-title`);
    await open.waitFor();
    await open.focus();
    await page.keyboard.press("Enter");
    const panel = page.locator(`[data-testid=report-panel][data-ref="${ref}"]`);
    await panel.locator("h2[data-panel-focus]").waitFor();
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.y).toBeLessThan(667 / 2);
    expect(await panel.evaluate((el) => (el as HTMLDialogElement).matches(":modal"))).toBe(true);
    await expect.poll(() => panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const axe = await new AxeBuilder({ page }).include("[data-testid=report-panel]").withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => BLOCKING.has(v.impact ?? "")).map((v) => v.id)).toEqual([]);

    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => open.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.close();
  });

  it("asks an admin to confirm a role change; Escape backs out", async () => {
    const page = await contexts["admin-en"]!.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(`${app.url}/admin/users`);
    const row = page.locator("[data-testid=users] li").filter({ hasText: people.citizen!.phone.slice(-3) }).first();
    await page.getByLabel("Search by name, email or phone digits").fill(people.citizen!.phone.slice(-5));
    await page.getByRole("button", { name: "Search" }).click();
    await row.waitFor();
    const select = row.getByLabel("Role");
    await select.selectOption("moderator");
    const confirm = row.getByTestId("role-confirm");
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/from Citizen to Moderator\?/);
    await expect.poll(() => confirm.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    // Nothing changed yet.
    const role = async () => (await trpcQuery<{ id: string; role: string }[]>(app.url, "admin.users", { query: people.citizen!.phone.slice(-5), limit: 5 }, people.admin!.jar)).data?.find((u) => u.id === people.citizen!.userId)?.role;
    expect(await role()).toBe("citizen");

    await page.keyboard.press("Escape");
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await select.inputValue()).toBe("citizen");
    await expect.poll(() => select.evaluate((el) => el === document.activeElement)).toBe(true);

    await select.selectOption("moderator");
    await row.getByRole("button", { name: "Make moderator" }).click();
    await row.getByText("Role changed to Moderator.").waitFor();
    expect(await role()).toBe("moderator");
    await page.close();
  });

  it("changes an Open311 key's limit and revokes it in place, not by the browser's prompt or confirm; Escape backs out", async () => {
    const name = `A11y CRM ${randomIndianMobile().slice(-6)}`;
    const issued = await trpcMutation<{ id: string }>(app.url, "admin.issueOpen311Key", { name, requestsPerHour: 600 }, people.admin!.jar);
    const keyOf = async () => (await trpcQuery<{ id: string; requests_per_hour: number; revoked_at: string | null }[]>(app.url, "admin.open311Keys", undefined, people.admin!.jar)).data?.find((k) => k.id === issued.data!.id);
    const page = await contexts["admin-en"]!.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    // No browser dialog (prompt, confirm) may open: each would be dismissed here and named below.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${app.url}/admin/open311`);
    const row = page.locator("[data-testid=open311-keys] li").filter({ hasText: name });
    const change = row.getByRole("button", { name: "Change limit" });
    await change.click();
    const field = row.getByRole("spinbutton", { name: `Requests an hour for ${name}` });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => row.getByTestId("open311-limit-step").count()).toBe(0);
    await expect.poll(() => change.evaluate((el) => el === document.activeElement)).toBe(true);

    await change.click();
    await field.fill("250");
    await row.getByRole("button", { name: "Save limit" }).click();
    await row.getByText(/250 requests an hour/).waitFor();
    expect((await keyOf())?.requests_per_hour).toBe(250);
    await expect.poll(() => change.evaluate((el) => el === document.activeElement)).toBe(true);

    const revoke = row.getByRole("button", { name: "Revoke", exact: true });
    await revoke.click();
    const step = row.getByTestId("open311-revoke-step");
    expect(await step.textContent()).toContain(`Revoke the key of ${name}? Its requests will be refused at once.`);
    await expect.poll(() => step.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await row.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => step.count()).toBe(0);
    expect((await keyOf())?.revoked_at).toBeNull();

    await revoke.click();
    await row.getByRole("button", { name: "Revoke the key" }).click();
    await row.getByText(/revoked/).waitFor();
    expect((await keyOf())?.revoked_at).not.toBeNull();
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

