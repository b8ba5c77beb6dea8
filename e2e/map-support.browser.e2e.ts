/**
 * The public map and "me too" support in a real browser (Debian chromium, headless, phone-sized)
 * against the production server, the Inngest stand-in and the Twilio stand-in (issue 15):
 * - a visitor opens the map, where tiles cannot load (MAP_TILE_URL points at a closed port): the
 *   clusters are drawn all the same; a click on one zooms in until single reports show; a report's
 *   card links to its page, which offers "Sign in to support"; the list works as the map's
 *   alternative (toggle on a phone, side by side on a wide screen); filters and view stay in the
 *   address; axe finds no WCAG A/AA violation; the page does not shift as it loads;
 * - a citizen starts filing at the same spot, sees the report as a suggestion and supports it
 *   instead: nothing filed, the report's page shows the support;
 * - four more citizens support it (over HTTP): the reporter gets one message at 5 supports, and a
 *   support taken back and given again sends no second one.
 *
 * Screenshots: e2e/artifacts/map-wide.png, map-phone.png, map-zoomed.png, map-list.png,
 * map-suggestion.png, map-supported.png.
 *
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/map-support.browser.e2e.ts
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { randomIndianMobile, trpcMutation, trpcQuery, until, type SignedInCitizen } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInNewCitizenBySms, smsTo, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

/** Koramangala, Bengaluru: the reports of this file sit within a few hundred metres of it. */
const SPOT = { latitude: 12.9352, longitude: 77.6245 };
const TITLE = "Deep pothole outside the Forum bus stop";
/** A view wide enough that the server answers clusters. */
const WIDE = `${SPOT.latitude},${SPOT.longitude},5`;

const moderatorPhone = randomIndianMobile();

// Production refuses the dev mailbox: codes and the reporter's message go out by "Twilio" (a stand-in).
const twilio = await startTwilioStandin();
const app = useBrowserApp({
  name: "map-support-browser",
  server: "production",
  staff: [{ phone: moderatorPhone, role: "moderator" }],
  env: {
    ...MANY_SIGN_INS,
    ...twilioEnv(twilio),
    REPORTS_LIMIT_PER_USER: "50",
    // A tile server that is not there: the map must still draw its clusters and reports.
    MAP_TILE_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png",
  },
});
afterAll(async () => {
  await twilio.close();
});

let reporter: SignedInCitizen;
let target: { id: string; ref: string };
let farAway: { id: string; ref: string };
const neighbours: SignedInCitizen[] = [];

type Created = { id: string; ref: string };

async function file(citizen: SignedInCitizen, report: { title: string; description: string; latitude: number; longitude: number; severity?: string }): Promise<Created> {
  const created = await trpcMutation<Created>(app.url, "reports.create", { severity: "medium", ...report }, citizen.jar);
  expect(created.status, JSON.stringify(created.raw)).toBe(200);
  return created.data!;
}

beforeAll(async () => {
  reporter = await signInNewCitizenBySms(app.url, twilio);
  target = await file(reporter, {
    title: TITLE,
    description: "A pothole about a metre wide in front of the bus stop; two-wheelers swerve into the traffic to miss it.",
    latitude: SPOT.latitude,
    longitude: SPOT.longitude,
    severity: "high",
  });
  // Neighbouring problems, so the area has a cluster worth the name.
  const others = [
    ["Streetlight out on 80 Feet Road", "The streetlight opposite the petrol pump has been dark for a week now."],
    ["Garbage piling up at the corner", "Bags of garbage have been left at the corner for days and stray dogs tear them open."],
    ["Blocked drain floods the lane", "The drain at the end of the lane is blocked and the lane floods after every shower."],
    ["Fallen tree branch on the footpath", "A large branch fell on the footpath in the storm and walkers step into the road."],
    ["Broken manhole cover near the school", "The manhole cover near the school gate is cracked and rocks when anyone steps on it."],
  ];
  for (const [i, [title, description]] of others.entries()) {
    await file(reporter, { title: title!, description: description!, latitude: SPOT.latitude + 0.0003 * (i + 1), longitude: SPOT.longitude - 0.0002 * (i + 1) });
  }
  // The same words far away (Delhi): the area filter leaves it out.
  farAway = await file(reporter, {
    title: "Pothole on the Ring Road flyover",
    description: "A pothole has opened on the flyover's left lane and cars brake hard to miss it.",
    latitude: 28.5672,
    longitude: 77.21,
  });
  // Triage has seen the target (a submitted report is open all the same; this keeps the page quiet).
  await until("triage", async () => (await trpcQuery<{ status: string }>(app.url, "reports.byId", { id: target.ref })).data?.status !== "submitted", 60_000);
});

/** The sum of the page's layout shifts so far (Chromium's Layout Instability API). */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) total += e.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 500);
      }),
  );
}

describe("the public map", () => {
  let visitor: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    visitor = await app.browser.newContext();
    page = await visitor.newPage();
  });

  it("draws clusters where the tiles cannot load, zooms into one on a click, and opens a report from its card", async () => {
    await page.goto(`${app.url}/reports?at=${WIDE}`);
    const cluster = page.locator(".map-cluster");
    await cluster.first().waitFor();
    // Tiles fail here: the map says so, and is not blank.
    await page.getByTestId("tiles-failed").waitFor();
    expect(await page.getByRole("button", { name: "Map", exact: true }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("list-pane").isVisible()).toBe(false);
    const bubble = await cluster.first().getAttribute("title");
    expect(bubble).toMatch(/^\d+ reports? here, \d+ open/);
    await page.screenshot({ path: join(ARTIFACTS, "map-phone.png") });

    // Click clusters until the single reports show (each click zooms at least one step).
    const zoomOf = () => Number(new URL(page.url()).searchParams.get("at")?.split(",")[2] ?? "0");
    const marker = page.locator(`.map-report[title="${TITLE}"]`);
    for (let i = 0; i < 12 && !(await marker.isVisible()); i++) {
      const before = zoomOf();
      if (i === 0) {
        // The first one by keyboard: a cluster is a button that Enter presses.
        await cluster.first().focus();
        await page.keyboard.press("Enter");
      } else {
        await cluster.first().click();
      }
      await expect.poll(zoomOf, { timeout: 10_000 }).toBeGreaterThan(before);
      await page.waitForFunction(() => document.querySelector(".map-report, .map-cluster") !== null);
      await page.waitForTimeout(400);
    }
    await marker.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "map-zoomed.png") });
    await marker.click();
    const card = page.locator(`[data-testid=map-card][data-ref="${target.ref}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain("0 people affected");
    await card.getByRole("link", { name: TITLE }).click();
    await page.waitForURL(`${app.url}/reports/${target.ref}`);
    await page.getByTestId("report-page").waitFor();
    expect(await page.getByTestId("support-count").textContent()).toBe("0 people affected");
    // A visitor is offered sign-in, and comes back here after it.
    const signIn = page.getByRole("link", { name: "Sign in to support" });
    expect(await signIn.getAttribute("href")).toBe(`/signin?callbackUrl=${encodeURIComponent(`/reports/${target.ref}`)}`);
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("keeps filters and view in the address, and lists the same reports without the map", async () => {
    await page.goto(`${app.url}/reports?at=${SPOT.latitude},${SPOT.longitude},15`);
    await page.getByRole("button", { name: "List", exact: true }).click();
    expect(await page.getByRole("button", { name: "List", exact: true }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("map-pane").isVisible()).toBe(false);
    const list = page.getByTestId("feed");
    const listed = () => list.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-ref")));
    await page.getByLabel("Search").fill("pothole");
    await expect.poll(listed, { timeout: 15_000 }).toEqual(expect.arrayContaining([target.ref, farAway.ref]));
    await page.getByLabel("Only the area last shown on the map").check();
    await expect.poll(listed, { timeout: 15_000 }).not.toContain(farAway.ref);
    expect(await listed()).toContain(target.ref);
    await expect.poll(() => new URL(page.url()).searchParams.get("q"), { timeout: 10_000 }).toBe("pothole");
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ view: "list", q: "pothole", area: "1" });
    await page.screenshot({ path: join(ARTIFACTS, "map-list.png"), fullPage: true });

    // The shared address opens the same view.
    const again = await visitor.newPage();
    await again.goto(url.toString());
    await again.getByTestId("feed").locator(`li[data-ref="${target.ref}"]`).waitFor();
    expect(await again.getByLabel("Search").inputValue()).toBe("pothole");
    expect(await again.getByRole("button", { name: "List", exact: true }).getAttribute("aria-pressed")).toBe("true");
    expect(await again.getByTestId("feed").locator(`li[data-ref="${farAway.ref}"]`).count()).toBe(0);
    await again.close();
  });

  it("on a wide screen shows map and list side by side, does not shift as it loads, and passes axe", async () => {
    const wide = await visitor.newPage();
    await wide.setViewportSize({ width: 1280, height: 900 });
    await wide.goto(`${app.url}/reports?at=${WIDE}`);
    await wide.locator(".map-cluster").first().waitFor();
    await wide.getByTestId("feed").locator("li").first().waitFor();
    expect(await wide.getByTestId("map-pane").isVisible()).toBe(true);
    expect(await wide.getByTestId("list-pane").isVisible()).toBe(true);
    expect(await wide.getByRole("button", { name: "List", exact: true }).isVisible()).toBe(false);
    const [map, list] = [await wide.getByTestId("map-pane").boundingBox(), await wide.getByTestId("list-pane").boundingBox()];
    expect(list!.x).toBeGreaterThan(map!.x + map!.width - 1);
    expect(await layoutShift(wide)).toBeLessThan(0.1);
    await wide.screenshot({ path: join(ARTIFACTS, "map-wide.png") });

    const axe = await new AxeBuilder({ page: wide }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const violations = axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(violations).toEqual([]);
    await wide.close();
  });
});

describe("supporting instead of filing", () => {
  let citizen: SignedInCitizen;
  let context: BrowserContext;

  it("a citizen filing at the same spot sees the report and supports it instead: nothing is filed", async () => {
    citizen = await signInNewCitizenBySms(app.url, twilio);
    context = await app.browser.newContext(app.url, citizen);
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/new`);
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    await page.getByLabel("Latitude").fill(String(SPOT.latitude));
    await page.getByLabel("Longitude").fill(String(SPOT.longitude + 0.0002));
    // As soon as there is a place, the reports around it are offered; the title narrows them.
    const similar = page.getByTestId("similar");
    await similar.waitFor();
    await page.getByLabel("What is the problem?").fill("Big pothole at the bus stop");
    const suggestion = similar.locator(`li[data-ref="${target.ref}"]`);
    await suggestion.waitFor();
    expect(await similar.locator("li").count()).toBeLessThanOrEqual(5);
    expect(await suggestion.textContent()).toMatch(/\d+ m away/);
    expect(await page.getByTestId("similar-announcement").textContent()).toMatch(/^\d+ reports? nearby may be the same problem\.$/);
    await page.screenshot({ path: join(ARTIFACTS, "map-suggestion.png"), fullPage: true });

    await suggestion.getByRole("button", { name: /^Support this instead/ }).click();
    await page.waitForURL(`${app.url}/reports/${target.ref}`);
    const support = page.getByRole("button", { name: "This affects me too" });
    await support.waitFor();
    expect(await support.getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("support-count").textContent()).toBe("1 person affected");
    await page.screenshot({ path: join(ARTIFACTS, "map-supported.png"), fullPage: true });

    const mine = await trpcQuery<{ items: unknown[] }>(app.url, "reports.mine", { limit: 10 }, citizen.jar);
    expect(mine.data?.items).toEqual([]);
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("Mine is different puts the suggestions away for this report, and a new title does not bring them back", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/new`);
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    await page.getByLabel("Latitude").fill(String(SPOT.latitude));
    await page.getByLabel("Longitude").fill(String(SPOT.longitude));
    await page.getByTestId("similar").waitFor();
    await page.getByRole("button", { name: "Mine is different" }).click();
    await expect.poll(() => page.getByTestId("similar").count(), { timeout: 5_000 }).toBe(0);
    expect(await page.getByTestId("similar-announcement").textContent()).toBe("");
    await page.getByLabel("What is the problem?").fill("Pothole near the bus stop");
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId("similar").count()).toBe(0);
    await page.close();
  });

  it("the toggle takes the support back and gives it again, the count following", async () => {
    const page = context.pages()[0]!;
    const support = page.getByRole("button", { name: "This affects me too" });
    await support.click();
    await expect.poll(() => support.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("false");
    expect(await page.getByTestId("support-count").textContent()).toBe("0 people affected");
    await support.click();
    await expect.poll(() => support.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("true");
    expect(await page.getByTestId("support-count").textContent()).toBe("1 person affected");
  });

  it("Follow and Unfollow on the report's page", async () => {
    const page = context.pages()[0]!;
    const follow = page.getByTestId("follow");
    await follow.getByRole("button", { name: "Follow", exact: true }).click();
    await follow.getByRole("button", { name: "Unfollow", exact: true }).waitFor({ timeout: 10_000 });
    expect(await follow.textContent()).toContain("You hear of every status change.");
    await page.reload();
    await page.getByTestId("follow").getByRole("button", { name: "Unfollow", exact: true }).click();
    await page.getByTestId("follow").getByRole("button", { name: "Follow", exact: true }).waitFor({ timeout: 10_000 });
  });

  it("at five supports the reporter gets one message, and only one", async () => {
    for (let i = 0; i < 4; i++) neighbours.push(await signInNewCitizenBySms(app.url, twilio));
    for (const n of neighbours) {
      const r = await trpcMutation<{ supportCount: number }>(app.url, "reports.support", { reportId: target.id }, n.jar);
      expect(r.status, JSON.stringify(r.raw)).toBe(200);
    }
    const byId = await trpcQuery<{ supportCount: number }>(app.url, "reports.byId", { id: target.ref });
    expect(byId.data?.supportCount).toBe(5);

    // Every milestone's SMS says "<n> residents support your report <ref>" (messages/en/core.json).
    const milestone = async () => smsTo(twilio, reporter.phone).filter((m) => /residents support your report/.test(m.body));
    await until("the 5-support message", async () => (await milestone()).length > 0, 60_000);
    // One taken back and given again crosses 5 a second time: still one message.
    await trpcMutation(app.url, "reports.unsupport", { reportId: target.id }, neighbours[0]!.jar);
    await trpcMutation(app.url, "reports.support", { reportId: target.id }, neighbours[0]!.jar);
    await new Promise((r) => setTimeout(r, 5_000));
    const messages = await milestone();
    expect(messages.length).toBe(1);
    expect(messages[0]!.body).toContain(`5 residents support your report ${target.ref}`);

    // The report's page shows the new count.
    const page = context.pages()[0]!;
    await page.reload();
    await expect.poll(() => page.getByTestId("support-count").textContent(), { timeout: 10_000 }).toBe("5 people affected");
  });
});

describe("moderating a duplicate", () => {
  it("the panel lists the original as a possible duplicate; one click marks it, and the duplicate's page links to the original", async () => {
    const moderator = await signInNewCitizenBySms(app.url, twilio, moderatorPhone);
    const second = await signInNewCitizenBySms(app.url, twilio);
    const duplicate = await file(second, {
      title: "Pothole outside the Forum bus stop again",
      description: "There is a deep pothole right in front of the Forum bus stop; scooters swerve into traffic.",
      latitude: SPOT.latitude + 0.0001,
      longitude: SPOT.longitude,
    });
    await until("triage", async () => (await trpcQuery<{ status: string }>(app.url, "reports.byId", { id: duplicate.ref })).data?.status === "under_review", 60_000);
    const before = (await trpcQuery<{ supportCount: number }>(app.url, "reports.byId", { id: target.ref })).data!.supportCount;

    const context = await app.browser.newContext(app.url, moderator);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.url}/admin`);
    const original = page.locator(`[data-testid=queue] li[data-ref="${target.ref}"]`);
    await original.waitFor();
    expect(await original.getByTestId("support-count").textContent()).toBe(`${before} people affected`);
    await page.locator(`[data-testid=queue] li[data-ref="${duplicate.ref}"]`).getByRole("button").first().click();
    const panel = page.locator(`[data-testid=report-panel][data-ref="${duplicate.ref}"]`);
    const suggested = panel.getByTestId("possible-duplicates").locator(`li[data-ref="${target.ref}"]`);
    await suggested.waitFor();
    expect(await suggested.textContent()).toMatch(/\d+ m away/);
    await suggested.getByRole("button", { name: /^Mark as duplicate of this/ }).click();
    await panel.getByTestId("moderate-ok").waitFor();
    expect(await panel.getByTestId("moderate-ok").textContent()).toContain("Now Duplicate");
    await page.screenshot({ path: join(ARTIFACTS, "map-duplicate-marked.png") });

    // The duplicate's public page points at the original.
    const visitor = await app.browser.newContext();
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${app.url}/reports/${duplicate.ref}`);
    const link = publicPage.getByTestId("duplicate-of").getByRole("link");
    await link.waitFor();
    expect(await link.textContent()).toBe(`${target.ref}: ${TITLE}`);
    await link.click();
    await publicPage.waitForURL(`${app.url}/reports/${target.ref}`);
    // The duplicate's reporter now counts among the original's supporters.
    await expect.poll(() => publicPage.getByTestId("support-count").textContent(), { timeout: 10_000 }).toBe(`${before + 1} people affected`);
    expect(app.browser.pageErrors).toEqual([]);
  });
});
