/**
 * Updates on a report (issue 20; ADR 0023) in a real browser against the production server, the
 * Inngest stand-in (debounce scaled down) and the Twilio stand-in: a citizen opens a report they do
 * not own, picks "Still there", writes a note and posts it, then adds a second word; the report's
 * follower and its reporter each receive exactly one SMS about both, the author none.
 *
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/updates.browser.e2e.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneJpeg } from "@root/tests/support/photo-fixtures";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { trpcMutation, until, type SignedInCitizen } from "./support/http";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const twilio = await startTwilioStandin();
const uploads = mkdtempSync(join(tmpdir(), "civiclens-e2e-update-photos-"));
// The debounce at a fifth of its minute: the two updates below land well inside one window.
const app = useBrowserApp({ name: "updates-browser", server: "production", env: { ...MANY_SIGN_INS, ...twilioEnv(twilio), UPLOADS_DIR: uploads }, standin: { debounceScale: 0.2 } });

let reporter: SignedInCitizen;
let follower: SignedInCitizen;
let author: SignedInCitizen;

beforeAll(async () => {
  [reporter, follower, author] = [await signInNewCitizenBySms(app.url, twilio), await signInNewCitizenBySms(app.url, twilio), await signInNewCitizenBySms(app.url, twilio)];
});
afterAll(async () => {
  twilio.close();
  rmSync(uploads, { recursive: true, force: true });
});

describe("updates on a report", () => {
  it("a citizen adds 'still there' with a note; the follower receives one message", async () => {
    const created = await trpcMutation<{ id: string; ref: string }>(
      app.url,
      "reports.create",
      { title: "Open manhole on Church Street", description: "The manhole cover near the bakery is gone; the hole is a metre deep.", severity: "high", latitude: 12.9752, longitude: 77.6045 },
      reporter.jar,
    );
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    const { ref } = created.data!;
    expect((await trpcMutation(app.url, "reports.follow", { reportId: created.data!.id }, follower.jar)).status).toBe(200);

    const context = await app.browser.newContext(app.url, author);
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/${ref}`);
    const updates = page.getByTestId("updates");
    await updates.getByRole("radio", { name: "Still there" }).check();
    await updates.getByLabel("Your words").fill("Still open this morning; someone put a branch in it as a warning.");
    await updates.getByRole("button", { name: "Post update" }).click();
    await expect.poll(() => page.getByTestId("update-posted").textContent()).toBe("Your update is posted.");
    const item = updates.locator("[data-testid=update-list] li[data-kind=still_there]");
    await item.waitFor();
    expect(await item.textContent()).toContain("Still there · by you");
    expect(await item.textContent()).toContain("someone put a branch in it");
    // A second word in the same minute: one notice tells of both.
    await updates.getByRole("radio", { name: "Note" }).check();
    await updates.getByLabel("Your words").fill("The branch is gone now too.");
    await updates.getByRole("button", { name: "Post update" }).click();
    await updates.locator("[data-testid=update-list] li[data-kind=note]").waitFor();

    // Update notices only (a status change would be another message about the report).
    const about = (phone: string) => twilio.messages().filter((m) => m.to === phone && m.body.includes(ref) && /new updates? on report/.test(m.body));
    const first = await until("the follower's notice", async () => about(follower.phone)[0], 60_000);
    expect(first.body).toContain(`2 new updates on report ${ref}`);
    expect(first.body).toContain("/unfollow?token=");
    await until("the reporter's notice", async () => about(reporter.phone)[0], 60_000);
    // Longer than the scaled debounce again: still one each, and none to the author.
    await page.waitForTimeout(15_000);
    expect(about(follower.phone)).toHaveLength(1);
    expect(about(reporter.phone)).toHaveLength(1);
    expect(about(author.phone)).toHaveLength(0);
    expect(app.browser.pageErrors).toEqual([]);
    await context.close();
  });

  it("an update carries a photo: picked on the form, sent once the update is posted, shown with it to a visitor once processed", async () => {
    const created = await trpcMutation<{ id: string; ref: string }>(
      app.url,
      "reports.create",
      { title: "Streetlight out on Brigade Road", description: "The streetlight by the bus stop has been dark for a week; the corner is pitch black.", severity: "medium", latitude: 12.9716, longitude: 77.6081 },
      reporter.jar,
    );
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    const { ref } = created.data!;

    const context = await app.browser.newContext(app.url, author);
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/${ref}`);
    const updates = page.getByTestId("updates");
    await updates.getByRole("radio", { name: "Still there" }).check();
    await updates.getByLabel("Your words").fill("Still dark tonight; photo taken from the bus stop.");
    await updates.getByTestId("update-photo-picker").locator('input[type="file"]').setInputFiles([{ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: await phoneJpeg() }]);
    await updates.getByRole("button", { name: "Post update" }).click();
    await expect.poll(() => page.getByTestId("update-posted").textContent()).toBe("Your update is posted.");

    // Processed by process-photo (EXIF stripped, resized), then shown with the update, to anyone.
    const visitor = await app.browser.newContext(app.url);
    const seen = await visitor.newPage();
    const photoOf = (p: typeof page) => p.locator("[data-testid=update-list] li[data-kind=still_there] [data-testid=update-photos] img");
    await until("the update's photo to be shown to a visitor", async () => {
      await seen.goto(`${app.url}/reports/${ref}`);
      // The list is fetched after the page loads: count its photos only once the update is shown.
      await seen.locator("[data-testid=update-list] li[data-kind=still_there]").waitFor({ timeout: 15_000 });
      return (await photoOf(seen).count()) === 1;
    }, 60_000, 1_000);
    const width = await photoOf(seen).evaluate((img) => (img as HTMLImageElement).decode().then(() => (img as HTMLImageElement).naturalWidth));
    expect(width).toBeGreaterThan(0);
    await expect.poll(() => photoOf(page).count(), { timeout: 30_000 }).toBe(1);
    expect(app.browser.pageErrors).toEqual([]);
    await visitor.close();
    await context.close();
  }, 120_000);
});
