/**
 * The weight of the app for a first-time visitor (issue 16): the JavaScript a fresh browser fetches
 * for the home page (a visitor) and for the report form (a signed-in citizen, its map included),
 * from the production build, counted per script as it arrived and as gzip and brotli would send it
 * (the app is meant to sit behind a compressing proxy or CDN; e2e/support/weight.ts says how).
 * Budgets: home <= 150 kB and form <= 250 kB, gzip, where 1 kB is 1,000 bytes.
 *
 * The figures are printed and written to e2e/artifacts/weight.json; bench/RESULTS.md keeps them.
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/weight.browser.e2e.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { CookieJar, randomIndianMobile } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";
import { measureScripts, type PageWeight } from "./support/weight";

const BUDGET_BYTES = { home: 150_000, form: 250_000 };

// Production refuses the dev mailbox: codes go out by "Twilio" (a stand-in), as they would live.
const twilio = await startTwilioStandin();
afterAll(() => twilio.close());
const app = useBrowserApp({ name: "weight-browser", server: "production", env: { ...MANY_SIGN_INS, ...twilioEnv(twilio) } });

const measured: Record<string, PageWeight> = {};

function report(name: string, weight: PageWeight) {
  measured[name] = weight;
  const withoutBodies = Object.fromEntries(Object.entries(measured).map(([k, w]) => [k, { ...w, scripts: w.scripts.map(({ body: _body, ...s }) => s) }]));
  writeFileSync(join(ARTIFACTS, "weight.json"), JSON.stringify(withoutBodies, null, 2));
  const kB = (n: number) => (n / 1000).toFixed(1);
  console.log(`weight ${name}: ${weight.scripts.length} scripts, ${kB(weight.rawBytes)} kB raw, ${kB(weight.gzipBytes)} kB gzip, ${kB(weight.brotliBytes)} kB brotli`);
}

describe("JavaScript sent to a first-time visitor", () => {
  it("the home page, for a visitor, stays within 150 kB gzip", async () => {
    const context = await app.browser.newContext();
    const weight = await measureScripts(context, `${app.url}/`, async (page) => {
      await page.getByRole("link", { name: /report a problem/i }).first().waitFor();
    });
    report("home", weight);
    expect(weight.scripts.length).toBeGreaterThan(0);
    expect(weight.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES.home);
  });

  it("the report form with its map, for a signed-in citizen, stays within 250 kB gzip", async () => {
    const jar = await signInBySms(app.url, twilio, randomIndianMobile(), new CookieJar());
    const context = await app.browser.newContext(app.url, { jar });
    const weight = await measureScripts(context, `${app.url}/reports/new`, async (page) => {
      // The map is part of the form's weight: wait until Leaflet has drawn it.
      await page.locator(".leaflet-container").first().waitFor();
    });
    report("form", weight);
    expect(weight.scripts.some((s) => /leaflet/i.test(s.body))).toBe(true);
    expect(weight.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES.form);
  });
});
