import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/server/config/env";
import { sendVerificationEmail } from "@root/inngest/functions/send-verification-email";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { useResendStandin } from "../../support/use-resend-standin";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

async function signedIn() {
  const user = await createUser(db());
  return { user, api: callerFor(db(), { id: user.id, phone: user.phone }) };
}

/** The outbox row, as the relay sends it to Inngest (row id = event id). */
async function outboxEvent(name: string) {
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", name).orderBy("seq", "desc").executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, data: row.data, ts: Date.now() };
}

describe("profile.me / update / setNotificationPrefs", () => {
  it("me shows the email, whether it is verified, and the notification preference", async () => {
    const { api } = await signedIn();
    expect(await api.profile.me()).toMatchObject({ email: null, emailVerified: false, notificationPrefs: { statusChange: "auto" } });
  });

  it("update trims and lowercases the email, and validates its syntax naming the field", async () => {
    const { api } = await signedIn();
    const me = await api.profile.update({ name: "  Asha Rao ", email: "  Asha.Rao@Example.COM " });
    expect(me).toMatchObject({ name: "Asha Rao", email: "asha.rao@example.com", emailVerified: false });
    for (const email of ["not-an-email", "a@", "@b.com", "two@@example.com"]) {
      const err = await failure(api.profile.update({ email }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(err).toMatchObject({ message: expect.stringMatching(/^Enter a valid email address/), cause: { field: "email" } });
    }
  });

  it("update refuses an address another account verified, with CONFLICT naming email", async () => {
    const owner = await createUser(db());
    await db().updateTable("users").set({ email: "taken@example.com", email_verified_at: new Date() }).where("id", "=", owner.id).execute();
    const { api } = await signedIn();
    const err = await failure(api.profile.update({ email: "Taken@Example.com" }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/email address is already verified on another/);
    expect((err.cause as { field?: string }).field).toBe("email");
  });

  it("setNotificationPrefs stores the choice, and refuses unknown ones", async () => {
    const { api } = await signedIn();
    expect(await api.profile.setNotificationPrefs({ statusChange: "sms" })).toEqual({ statusChange: "sms" });
    expect((await api.profile.me()).notificationPrefs).toEqual({ statusChange: "sms" });
    const err = await failure(api.profile.setNotificationPrefs({ statusChange: "pigeon" as "sms" }));
    expect(err.code).toBe("BAD_REQUEST");
  });

  it("needs a session", async () => {
    expect((await failure(callerFor(db()).profile.sendEmailVerification())).code).toBe("UNAUTHORIZED");
    expect((await failure(callerFor(db()).profile.update({ name: "x" }))).code).toBe("UNAUTHORIZED");
  });
});

describe("profile.sendEmailVerification -> verifyEmail", () => {
  const resend = useResendStandin({ APP_URL: "https://civiclens.example" });

  it("answers at once with a 3.5 s provider; the function does the slow part, and the link verifies", async () => {
    resend.fallback = { status: 200, delayMs: 3_500 };
    const { user, api } = await signedIn();
    await api.profile.update({ email: "asha@example.com" });

    const started = performance.now();
    const res = await api.profile.sendEmailVerification();
    const requestMs = performance.now() - started;
    expect(res).toMatchObject({ sentTo: "asha@example.com", cooldownSeconds: 60 });
    expect(requestMs).toBeLessThan(1_500);
    expect(resend.requests).toHaveLength(0);

    const event = await outboxEvent("user/email-verification.requested");
    // Sealed in the outbox: the plaintext token is nowhere in the row.
    expect(event.data.encrypted).toMatchObject({ __ENCRYPTED__: true });
    const fnStarted = performance.now();
    await new InngestTestEngine({ function: sendVerificationEmail }).execute({ events: [event] });
    expect(performance.now() - fnStarted).toBeGreaterThanOrEqual(3_400);
    expect(resend.sent).toHaveLength(1);

    const link = /https:\/\/civiclens\.example\/verify-email\?token=([\w-]+)/.exec(resend.sent[0]!.body.text ?? "");
    expect(link).not.toBeNull();
    const opened = await new LibSodiumEncryptionService(env().INNGEST_ENCRYPTION_KEY).decrypt((event.data.encrypted as { data: string }).data);
    expect(link![1]).toBe((opened as { token: string }).token);
    expect(JSON.stringify(event.data)).not.toContain(link![1]);

    // Opened on any device: no session needed.
    expect(await callerFor(db()).profile.verifyEmail({ token: link![1]! })).toEqual({ email: "asha@example.com" });
    expect((await api.profile.me()).emailVerified).toBe(true);
    expect(await db().selectFrom("users").select("id").where("id", "=", user.id).where("email_verified_at", "is not", null).execute()).toHaveLength(1);
  });

  it("verifyEmail refuses a bad token with one clear BAD_REQUEST", async () => {
    const err = await failure(callerFor(db()).profile.verifyEmail({ token: randomUUID() + randomUUID() }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/invalid, already used or expired/);
  });

  it("answers TOO_MANY_REQUESTS after the hourly limit", async () => {
    const { api } = await signedIn();
    await api.profile.update({ email: "many@example.com" });
    for (let i = 0; i < 5; i++) await api.profile.sendEmailVerification();
    const err = await failure(api.profile.sendEmailVerification());
    expect(err.code).toBe("TOO_MANY_REQUESTS");
    expect((err.cause as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
  });
});
