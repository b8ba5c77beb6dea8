/**
 * The moderation journey in a real browser against the real app and the Inngest stand-in:
 * a citizen files a report (over HTTP), a moderator (role granted with scripts/admin-grant.ts before
 * the server starts) opens /admin, meets a conflict when someone else acted first, reloads, and
 * resolves the report with a note; the reporter's page shows Resolved and the note; /admin/audit
 * shows the action; /admin/tasks shows the background runs it caused.
 *
 * Runs on the production server; sign-in codes come by "Twilio" (a stand-in), as they would live.
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/admin.browser.e2e.ts
 */
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { openSiteMenu, siteHeader, useBrowserApp } from "./support/browser";
import { randomIndianMobile, trpcMutation, trpcQuery, until, type SignedInCitizen } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const NOTE = "Pothole filled and the lane resurfaced on 28 Nov.";
const moderatorPhone = randomIndianMobile();

const twilio = await startTwilioStandin();
const app = useBrowserApp({
  name: "admin-browser",
  server: "production",
  env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) },
  staff: [{ phone: moderatorPhone, role: "moderator" }],
});
let modContext: BrowserContext;
let citizenContext: BrowserContext;
let citizen: SignedInCitizen;
let moderator: SignedInCitizen;

beforeAll(async () => {
  citizen = await signInNewCitizenBySms(app.url, twilio);
  moderator = await signInNewCitizenBySms(app.url, twilio, moderatorPhone);
  // Each browser starts with every cookie its HTTP sign-in got, as if it had signed in itself.
  modContext = await app.browser.newContext(app.url, moderator);
  citizenContext = await app.browser.newContext(app.url, citizen);
});
afterAll(async () => {
  await twilio.close();
});

describe("moderation journey in the browser", () => {
  let ref = "";
  let reportId = "";

  it("the grant script made a moderator, and citizens are turned away from /admin", async () => {
    expect(app.e2e.staffGrants.join("\n")).toMatch(/now moderator/);
    const page = await citizenContext.newPage();
    await page.goto(`${app.url}/admin`);
    await page.getByTestId("admin-forbidden").waitFor();
    expect(await siteHeader(page).getByRole("link", { name: "Admin", includeHidden: true }).count()).toBe(0);
    const api = await trpcQuery(app.url, "admin.queue", {}, citizen.jar);
    expect(api.error?.data.code).toBe("FORBIDDEN");
    await page.close();
  });

  it("a moderator resolves a citizen's report with a note, after a conflict and a reload", async () => {
    const created = await trpcMutation<{ id: string; ref: string }>(app.url, "reports.create", {
      title: "Deep pothole outside the bus stop",
      description: "A pothole about a metre wide has opened in front of the bus stop; two-wheelers swerve into traffic.",
      severity: "high",
      latitude: 12.9352,
      longitude: 77.6245,
      address: "80 Feet Road, Koramangala",
    }, citizen.jar);
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    ref = created.data!.ref;
    reportId = created.data!.id;
    // Triage moves it to under_review: the top of the queue.
    await until("triage", async () => (await trpcQuery<{ status: string }>(app.url, "reports.byId", { id: ref })).data?.status === "under_review", 60_000);

    const page = await modContext.newPage();
    await page.goto(`${app.url}/`);
    await (await openSiteMenu(page)).getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(`${app.url}/admin`);
    const item = page.locator(`[data-testid=queue] li[data-ref="${ref}"]`);
    await item.waitFor();
    await item.getByRole("button", { name: "Deep pothole outside the bus stop" }).click();
    const panel = page.locator(`[data-testid=report-panel][data-ref="${ref}"]`);
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/•{3,}/); // the reporter's phone, masked
    await panel.getByTestId("panel-timeline").waitFor();

    // Someone else acknowledges it while this moderator has it open.
    const opened = await trpcQuery<{ version: number }>(app.url, "admin.report", { id: ref }, moderator.jar);
    const other = await trpcMutation(app.url, "admin.moderate", { reportId, version: opened.data!.version, action: "acknowledge" }, moderator.jar);
    expect(other.status, JSON.stringify(other.raw)).toBe(200);

    await panel.getByRole("button", { name: "Start work" }).click();
    const conflict = panel.getByTestId("moderate-error");
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("This report changed since you opened it (now acknowledged); reload and try again.");
    await conflict.getByRole("button", { name: "Reload report" }).click();
    await expect.poll(() => panel.getByTestId("moderate-error").count()).toBe(0);
    await panel.getByRole("button", { name: "Resolve" }).waitFor();

    // Resolving needs a note: the server says so.
    await panel.getByRole("button", { name: "Resolve" }).click();
    // Next to the note, in plain words, with focus moved to it.
    const noteError = panel.getByTestId("mod-note-error");
    await expect.poll(() => noteError.textContent()).toMatch(/^Resolving needs a note/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("mod-note");

    await panel.getByLabel(/Note for the reporter/).fill(NOTE);
    await panel.getByRole("button", { name: "Resolve" }).click();
    await panel.getByTestId("moderate-ok").waitFor();
    expect(await panel.getByTestId("moderate-ok").textContent()).toContain("Now Resolved");
    await expect.poll(async () => (await panel.getByTestId("panel-timeline").textContent()) ?? "").toContain(NOTE);
    await page.screenshot({ path: join(ARTIFACTS, "admin-resolved.png") });
    await page.close();
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("the reporter's page shows Resolved and the note", async () => {
    const page = await citizenContext.newPage();
    await page.goto(`${app.url}/reports/${ref}`);
    await page.getByTestId("report-page").waitFor();
    await expect.poll(() => page.getByTestId("report-status").first().textContent()).toBe("Resolved");
    expect(await page.getByTestId("timeline").textContent()).toContain(NOTE);
    await page.close();
  });

  it("/admin/audit shows the moderation actions", async () => {
    const page = await modContext.newPage();
    await page.goto(`${app.url}/admin/audit`);
    const resolved = page.locator(`[data-testid=audit-log] li[data-action="report.resolve"]`);
    await resolved.first().waitFor();
    expect(await resolved.first().textContent()).toContain(`${ref}: Acknowledged → Resolved`);
    expect(await page.locator(`[data-testid=audit-log] li[data-action="report.acknowledge"]`).count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator(`[data-testid=audit-log] li[data-action="user.role_changed"]`).count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it("/admin/audit shows the audit chain's state, and Check now verifies it", async () => {
    const page = await modContext.newPage();
    await page.goto(`${app.url}/admin/audit`);
    const panel = page.getByTestId("audit-chain");
    await panel.waitFor();
    await panel.getByRole("button", { name: /Check (now|again)/ }).click();
    await expect.poll(() => panel.getByTestId("audit-chain-status").textContent()).toBe("intact");
    expect(await panel.textContent()).toMatch(/Checked .+ by /);
    expect(Number((await panel.getByTestId("audit-chain-head").textContent())?.slice(1))).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(ARTIFACTS, "admin-audit-chain.png") });
    await page.close();
  });

  it("/admin/tasks shows the background runs, and the status events were handled", async () => {
    await app.e2e.standin.waitForIdle(30_000);
    const handled = app.e2e.standin.runs().filter((r) => r.eventName === "report/status.changed" && r.status === "completed").map((r) => r.functionId);
    expect(handled).toEqual(expect.arrayContaining(["civiclens-award-reputation", "civiclens-record-audit"]));
    const page = await modContext.newPage();
    await page.goto(`${app.url}/admin/tasks`);
    const stats = page.getByTestId("function-stats");
    await stats.waitFor();
    for (const fn of ["triage-report", "award-reputation", "record-audit"]) {
      await expect.poll(async () => (await stats.textContent()) ?? "").toContain(fn);
    }
    expect(await page.getByTestId("outbox-warning").count()).toBe(0);
    await page.getByTestId("recent-runs").waitFor();
    expect(await page.locator("[data-testid=recent-runs] li[data-status=completed]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "admin-tasks.png"), fullPage: true });
    await page.close();

    // The +10 for the acknowledgement reached the reporter's ledger.
    const ledger = await trpcQuery<{ total: number }>(app.url, "profile.reputation", {}, citizen.jar);
    expect(ledger.data?.total).toBe(15);
    expect(app.browser.pageErrors).toEqual([]);
  });

  it("a moderator corrects a report's location from the panel: the report moves, the timeline says so, and it is routed again", async () => {
    const created = await trpcMutation<{ id: string; ref: string }>(app.url, "reports.create", {
      title: "Garbage heap behind the market",
      description: "Rotting garbage has piled up behind the vegetable market for a week; the smell reaches the school.",
      severity: "medium",
      latitude: 12.9352,
      longitude: 77.6245,
    }, citizen.jar);
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    const moved = created.data!;
    await until("triage", async () => (await trpcQuery<{ status: string }>(app.url, "reports.byId", { id: moved.ref })).data?.status === "under_review", 60_000);

    const page = await modContext.newPage();
    await page.goto(`${app.url}/admin`);
    const item = page.locator(`[data-testid=queue] li[data-ref="${moved.ref}"]`);
    await item.waitFor();
    await item.getByRole("button", { name: "Garbage heap behind the market" }).click();
    const panel = page.locator(`[data-testid=report-panel][data-ref="${moved.ref}"]`);
    const move = panel.getByTestId("move-report");
    await move.waitFor();
    await move.getByLabel("Latitude").fill("12.9401");
    await move.getByLabel("Longitude").fill("77.6302");
    await move.getByLabel("Note for the timeline (optional)").fill("The heap is on the lane behind the market, not the main road.");
    await move.getByRole("button", { name: "Move the report here" }).click();
    await move.getByTestId("move-ok").waitFor();

    const after = await trpcQuery<{ latitude: number; longitude: number }>(app.url, "reports.byId", { id: moved.ref });
    expect(after.data).toMatchObject({ latitude: 12.9401, longitude: 77.6302 });
    await expect.poll(async () => (await panel.getByTestId("panel-timeline").textContent()) ?? "").toContain("Location corrected");
    await until("routing from the new place", async () => app.e2e.standin.runs().some((r) => r.functionId === "civiclens-route-report" && r.eventName === "report/route.requested" && r.status === "completed"), 30_000);
    expect(app.browser.pageErrors).toEqual([]);
    await page.close();
  });
});
