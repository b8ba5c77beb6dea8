/**
 * The email-verification journey in a real browser (Debian chromium, headless, phone-sized) against
 * the production server, the Inngest stand-in, and stand-ins for Twilio (the sign-in code) and
 * Resend (the email): a signed-in citizen sets an email on /profile, presses "Verify email", the
 * email reaches "Resend" (sent by the send-verification-email function through /api/inngest), its
 * link is followed, "Email verified" shows, and the profile shows the badge.
 *
 * Needs `npm run build` first and /usr/bin/chromium (or CHROMIUM_PATH). Run with the heavy lock:
 *   flock /tmp/civiclens-heavy.lock npx vitest run --config e2e/vitest.config.ts e2e/profile.browser.e2e.ts
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startResendStandin } from "@root/tests/support/resend-standin";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { until } from "./support/http";
import { ARTIFACTS } from "./support/paths";
import { signInNewCitizenBySms, startTwilioStandin, twilioEnv } from "./support/twilio-standin";

const twilio = await startTwilioStandin();
const resend = await startResendStandin();
const app = useBrowserApp({
  name: "profile-browser",
  server: "production",
  env: { ...MANY_SIGN_INS, ...twilioEnv(twilio), RESEND_API_KEY: "re_e2e_key", RESEND_BASE_URL: resend.url, EMAIL_FROM: "CivicLens <no-reply@civiclens.example>" },
});
afterAll(async () => {
  await twilio.close();
  await resend.close();
});

describe("profile: verify an email in the browser", () => {
  it("sets an email, gets the link by email, opens it and sees the email verified", async () => {
    // Signing in through the form is covered by sign-in.browser.e2e.ts; here the session comes over HTTP.
    const citizen = await signInNewCitizenBySms(app.url, twilio);
    const context = await app.browser.newContext(app.url, citizen);
    const email = `citizen.${citizen.phone.slice(-6)}@example.com`;

    const page = await context.newPage();
    await page.goto(`${app.url}/profile`);
    await page.getByRole("heading", { name: "Your profile" }).waitFor();

    // A malformed address is refused next to the field.
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("profile-email-error").waitFor();
    expect(await page.getByTestId("profile-email-error").textContent()).toMatch(/valid email address/);

    await page.getByLabel("Display name").fill("Asha Rao");
    await page.getByLabel("Email").fill(`  ${email.toUpperCase()} `);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("profile-saved").waitFor();
    await page.getByTestId("email-unverified").waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe(email);

    const started = Date.now();
    await page.getByRole("button", { name: "Verify email" }).click();
    await page.getByTestId("verification-sent").waitFor();
    expect(Date.now() - started).toBeLessThan(5_000); // the button answers without waiting for the email
    expect(await page.getByTestId("verification-sent").textContent()).toContain(email);
    // The cooldown stops a second press.
    expect(await page.getByRole("button", { name: /Send again in \d+s/ }).isDisabled()).toBe(true);

    // The email, as "Resend" received it: once, to the saved address.
    const sentTo = () => resend.sent.filter((r) => [r.body.to].flat().includes(email));
    const sent = await until("the verification email at the Resend stand-in", async () => sentTo()[0], 30_000);
    expect(sent.body.subject).toBe("Verify your email for CivicLens");
    // Every link in it (the button and the pasted link) goes to the one verification address, and
    // one shows where it goes; the plain-text part carries it too.
    const links = [...(sent.body.html ?? "").matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, to, text]) => ({ to, text }));
    expect(new Set(links.map((l) => l.to)).size).toBe(1);
    const href = links[0]!.to!;
    expect(href).toMatch(/\/verify-email\?token=[\w-]+$/);
    expect(href.startsWith(`${app.url}/verify-email?token=`)).toBe(true);
    expect(links.some((l) => l.text === href)).toBe(true);
    expect(sent.body.text).toContain(href);

    const mail = await context.newPage();
    await mail.goto(href);
    await mail.getByRole("heading", { name: "Email verified" }).waitFor();
    expect(await mail.getByTestId("email-verified-page").textContent()).toContain(email);
    await mail.screenshot({ path: join(ARTIFACTS, "email-verified.png") });

    // The link is single use.
    await mail.reload();
    await mail.getByTestId("verify-email-error").waitFor();
    expect(await mail.getByTestId("verify-email-error").textContent()).toMatch(/invalid, already used or expired/);
    await mail.close();
    expect(sentTo()).toHaveLength(1);

    await page.reload();
    await page.getByTestId("email-verified").waitFor();
    expect(await page.getByTestId("email-unverified").count()).toBe(0);
    expect(await page.getByTestId("verify-email-card").count()).toBe(0);

    // The notification preference is saved and survives a reload.
    await page.getByLabel(/changes the status of one of your reports/).selectOption("sms");
    await page.getByText("Saved.").last().waitFor();
    await page.reload();
    await page.getByTestId("email-verified").waitFor();
    expect(await page.getByLabel(/changes the status of one of your reports/).inputValue()).toBe("sms");
    await page.screenshot({ path: join(ARTIFACTS, "profile-verified.png") });
    await page.close();

    expect(app.browser.pageErrors).toEqual([]);
  });
});
