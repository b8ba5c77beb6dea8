/**
 * Photos while filing, in a real browser on a phone viewport against the production server and the
 * Inngest stand-in (which runs process-photo): a citizen picks two photos on the report form, one
 * carrying a GPS position and one a phone's full 12-megapixel size; takes the photo's location when
 * offered; files; sees both sent from the confirmation (the large one brought down in the browser
 * first), and both thumbnails on the report page once processed.
 *
 * Screenshots for a person to look at: e2e/artifacts/photos-form.png, photos-confirmation.png,
 * photos-report-page.png.
 *
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/photos.browser.e2e.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_GPS, phoneJpeg } from "@root/tests/support/photo-fixtures";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { CookieJar, randomIndianMobile } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

// Production refuses the dev mailbox: codes go out by "Twilio" (a stand-in), as they would live.
const twilio = await startTwilioStandin();
const uploads = mkdtempSync(join(tmpdir(), "civiclens-e2e-photos-"));
afterAll(() => {
  twilio.close();
  rmSync(uploads, { recursive: true, force: true });
});
const app = useBrowserApp({ name: "photos-browser", server: "production", env: { ...MANY_SIGN_INS, ...twilioEnv(twilio), UPLOADS_DIR: uploads } });

/** A phone camera's full-size photo (4000×3000) with real detail, no location. */
function twelveMegapixelJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#6a8f3c", noise: { type: "gaussian", mean: 128, sigma: 12 } } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

let withGps: Buffer;
let large: Buffer;
beforeAll(async () => {
  [withGps, large] = await Promise.all([phoneJpeg(), twelveMegapixelJpeg()]);
});

describe("photos while filing a report", () => {
  it("attaches two photos, takes the photo's location, files, and shows both thumbnails once processed", async () => {
    const jar = await signInBySms(app.url, twilio, randomIndianMobile(), new CookieJar());
    const context = await app.browser.newContext(app.url, { jar });
    const page = await context.newPage();
    const uploadSizes: number[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && /\/api\/reports\/[^/]+\/photos$/.test(r.url())) uploadSizes.push(r.postDataBuffer()?.length ?? 0);
    });

    await page.goto(`${app.url}/reports/new`);
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    const title = "Broken paving slabs outside the library";
    await page.getByLabel("What is the problem?").fill(title);
    await page.getByLabel("Describe it").fill("Three paving slabs are cracked and tilted; people trip on them every evening.");

    const picker = page.getByTestId("photo-picker");
    await picker.locator('input[type="file"]').setInputFiles([
      { name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: withGps },
      { name: "IMG_0002.jpg", mimeType: "image/jpeg", buffer: large },
    ]);
    // Both wait with a thumbnail until the report is filed; nothing is sent yet.
    await expect.poll(() => picker.getByText("Sent when you file the report").count()).toBe(2);
    expect(await picker.getByRole("img").count()).toBe(2);
    expect(uploadSizes).toEqual([]);

    // The location comes from the photo, read in the browser.
    await picker.getByText("Use the photo's location?").waitFor();
    await picker.getByRole("button", { name: "Use it" }).click();
    expect(Number(await page.getByLabel("Latitude").inputValue())).toBeCloseTo(FIXTURE_GPS.latitude, 5);
    expect(Number(await page.getByLabel("Longitude").inputValue())).toBeCloseTo(FIXTURE_GPS.longitude, 5);
    await expect.poll(() => picker.getByText("Use the photo's location?").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "photos-form.png"), fullPage: true });

    await page.getByRole("button", { name: "Submit report" }).click();
    const confirmation = page.getByTestId("report-confirmation");
    await confirmation.waitFor();
    // The report is filed; its photos go from the confirmation, each answered at once.
    await expect.poll(() => confirmation.getByText("Sent; being prepared").count(), { timeout: 30_000 }).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, "photos-confirmation.png"), fullPage: true });
    expect(uploadSizes).toHaveLength(2);
    // The 12-megapixel photo went brought down, not as picked.
    expect(Math.max(...uploadSizes)).toBeLessThan(large.length / 2);

    await confirmation.getByRole("link", { name: "Follow this report" }).click();
    const gallery = page.getByTestId("photo-gallery");
    await expect.poll(() => gallery.getByRole("img").count(), { timeout: 30_000 }).toBe(2);
    const loaded = await gallery.getByRole("img").evaluateAll((imgs) => Promise.all((imgs as HTMLImageElement[]).map((i) => i.decode().then(() => i.naturalWidth))));
    expect(loaded.every((w) => w > 0)).toBe(true);
    expect(await gallery.getByRole("img").first().getAttribute("alt")).toBe(`Photo 1 of 2: ${title}`);
    await page.screenshot({ path: join(ARTIFACTS, "photos-report-page.png"), fullPage: true });
    expect(app.browser.pageErrors).toEqual([]);
  }, 60_000);
});

describe("photos on a report filed offline", () => {
  it("says the photos were not kept with a report kept on the device", async () => {
    const jar = await signInBySms(app.url, twilio, randomIndianMobile(), new CookieJar());
    const context = await app.browser.newContext(app.url, { jar });
    const page = await context.newPage();
    await page.goto(`${app.url}/reports/new`);
    await page.getByRole("heading", { name: "Report a problem" }).waitFor();
    await page.getByLabel("What is the problem?").fill("Water pipe leaking under the footbridge");
    await page.getByLabel("Describe it").fill("Clean water has been running from a cracked pipe under the footbridge since morning.");
    await page.getByLabel("Latitude").fill("12.9352");
    await page.getByLabel("Longitude").fill("77.6245");
    await page.getByTestId("photo-picker").locator('input[type="file"]').setInputFiles([{ name: "IMG_0003.jpg", mimeType: "image/jpeg", buffer: withGps }]);
    await page.getByTestId("photo-picker").getByText("Sent when you file the report").waitFor();

    await context.setOffline(true);
    try {
      await page.getByRole("button", { name: "Submit report" }).click();
      await page.getByTestId("report-queued").waitFor();
      expect(await page.getByTestId("photos-not-kept").textContent()).toContain("Your photos could not be kept on this device with the report.");
    } finally {
      await context.setOffline(false);
    }
    expect(app.browser.pageErrors).toEqual([]);
  }, 30_000);
});
