/**
 * The email-verification journey in a real browser (Debian chromium, headless, phone-sized) against
 * the real app and the Inngest stand-in: a signed-in citizen sets an email on /profile, presses
 * "Verify email", finds the email in /dev/mailbox (sent by the send-verification-email function
 * through /api/inngest), follows its link, sees "Email verified", and the profile shows the badge.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`), or CHROMIUM_PATH.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANY_SIGN_INS } from "./support/app-server";
import { useBrowserApp } from "./support/browser";
import { signInNewCitizen } from "./support/http";
import { ARTIFACTS } from "./support/paths";

const app = useBrowserApp({
  name: "profile-browser",
  env: MANY_SIGN_INS,
  // Compile the journey's pages up front so the waits below measure the app, not Turbopack.
  warm: ["/profile", "/verify-email", "/dev/mailbox", "/api/auth/session", "/api/trpc/auth.deliveryStatus"],
});

describe("profile: verify an email in the browser", () => {
  it("sets an email, gets the link by email, opens it and sees the email verified", async () => {
    // Signing in through the form is covered by sign-in.browser.e2e.ts; here the session comes over HTTP.
    const citizen = await signInNewCitizen(app.url);
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

    // The email, as the dev mailbox shows it.
    const mail = await context.newPage();
    await mail.goto(`${app.url}/dev/mailbox`);
    const message = mail.locator(`[data-testid=message][data-recipient="${email}"]`);
    await message.first().waitFor({ timeout: 30_000 });
    expect(await message.count()).toBe(1);
    expect(await message.locator(".message-subject").textContent()).toBe("Verify your email for CivicLens");
    // The link in the body is a link to click, showing where it goes.
    const link = message.locator(".message-body a");
    expect(await link.count()).toBe(1);
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/\/verify-email\?token=[\w-]+$/);
    expect(href.startsWith(`${app.url}/verify-email?token=`)).toBe(true);
    expect(await link.textContent()).toBe(href);

    await link.click();
    await mail.waitForURL(href);
    await mail.getByRole("heading", { name: "Email verified" }).waitFor();
    expect(await mail.getByTestId("email-verified-page").textContent()).toContain(email);
    await mail.screenshot({ path: join(ARTIFACTS, "email-verified.png") });

    // The link is single use.
    await mail.reload();
    await mail.getByTestId("verify-email-error").waitFor();
    expect(await mail.getByTestId("verify-email-error").textContent()).toMatch(/invalid, already used or expired/);
    await mail.close();

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
