import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "@/server/db/client";
import { AppError } from "@/server/domain/errors";
import { hashEmailToken } from "@/server/domain/profile/email-token";
import { requestEmailVerification, type EmailVerificationConfig } from "@/server/domain/profile/request-email-verification";
import { updateProfile } from "@/server/domain/profile/update-profile";
import { verifyEmail } from "@/server/domain/profile/verify-email";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

// Tests read the token back from the sealed field, as the function would after decryption.
const config: EmailVerificationConfig = { seal: async (value) => ({ testSealed: value }), limit: { perUser: 5, windowSeconds: 3600 } };

async function userWithEmail(email = "asha@example.com") {
  const user = await createUser(db());
  await updateProfile(db(), user.id, { email });
  return user;
}

/** The token the newest verification event for `userId` carries (what the email links to). */
async function lastToken(d: DB, userId: string): Promise<string> {
  const rows = await d.selectFrom("event_outbox").select(["data"]).where("name", "=", "user/email-verification.requested").orderBy("seq", "desc").execute();
  const row = rows.find((r) => (r.data as { userId: string }).userId === userId);
  if (!row) throw new Error(`no verification was requested for ${userId}`);
  return (row.data as { encrypted: { testSealed: { token: string } } }).encrypted.testSealed.token;
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("requestEmailVerification", () => {
  it("stores only a SHA-256 hash of a 32-byte token that expires in 24 h, and queues a sealed event", async () => {
    const user = await userWithEmail();
    const now = new Date("2026-11-28T10:00:00Z");
    const res = await requestEmailVerification(db(), user.id, config, now);
    expect(res).toMatchObject({ sentTo: "asha@example.com", cooldownSeconds: 60 });

    const token = await lastToken(db(), user.id);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const [row] = await db().selectFrom("email_verification_tokens").selectAll().execute();
    expect(row).toMatchObject({ user_id: user.id, email: "asha@example.com", token_hash: hashEmailToken(token), consumed_at: null });
    expect(row!.expires_at.getTime() - now.getTime()).toBe(24 * 3600 * 1000);
    expect(JSON.stringify(await db().selectFrom("email_verification_tokens").selectAll().execute())).not.toContain(token);

    const [event] = await db().selectFrom("event_outbox").selectAll().execute();
    expect(event!.data).toMatchObject({ userId: user.id, email: "asha@example.com", tokenId: row!.id, expiresAt: row!.expires_at.toISOString() });
  });

  it("refuses without an email, and once verified", async () => {
    const bare = await createUser(db());
    expect(await appError(requestEmailVerification(db(), bare.id, config))).toMatchObject({ code: "INVALID_INPUT", field: "email" });

    const user = await userWithEmail();
    await requestEmailVerification(db(), user.id, config);
    await verifyEmail(db(), await lastToken(db(), user.id));
    expect(await appError(requestEmailVerification(db(), user.id, config))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already verified/) });
  });

  it("allows EMAIL_VERIFICATION_LIMIT_PER_USER requests per window, then RATE_LIMITED with retry-after", async () => {
    const user = await userWithEmail();
    const now = new Date();
    for (let i = 0; i < 5; i++) await requestEmailVerification(db(), user.id, config, new Date(now.getTime() + i * 1000));
    const err = await appError(requestEmailVerification(db(), user.id, config, new Date(now.getTime() + 10_000)));
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    expect(err.retryAfterSeconds).toBeGreaterThan(3500);
    expect(await db().selectFrom("email_verification_tokens").selectAll().execute()).toHaveLength(5);
    // An hour later the window has moved on.
    await requestEmailVerification(db(), user.id, config, new Date(now.getTime() + 3601_000));
  });
});

describe("verifyEmail", () => {
  it("marks the email verified, consumes the token and writes user/email.verified in the same commit", async () => {
    const user = await userWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const token = await lastToken(db(), user.id);

    expect(await verifyEmail(db(), token)).toEqual({ userId: user.id, email: "asha@example.com" });
    const after = await db().selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.email_verified_at).toBeInstanceOf(Date);
    const events = await db().selectFrom("event_outbox").select(["name", "data"]).where("name", "=", "user/email.verified").execute();
    expect(events).toEqual([{ name: "user/email.verified", data: { userId: user.id, email: "asha@example.com", at: expect.any(String) } }]);
  });

  it("is single use", async () => {
    const user = await userWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const token = await lastToken(db(), user.id);
    await verifyEmail(db(), token);
    expect(await appError(verifyEmail(db(), token))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/invalid, already used or expired/) });
    expect(await db().selectFrom("event_outbox").select("id").where("name", "=", "user/email.verified").execute()).toHaveLength(1);
  });

  it("refuses an expired token, and an unknown one, with the same message", async () => {
    const user = await userWithEmail();
    const issued = new Date(Date.now() - 25 * 3600 * 1000);
    await requestEmailVerification(db(), user.id, config, issued);
    const expired = await appError(verifyEmail(db(), await lastToken(db(), user.id)));
    const unknown = await appError(verifyEmail(db(), "x".repeat(43)));
    expect(expired).toMatchObject({ code: "INVALID_INPUT" });
    expect(unknown.message).toBe(expired.message);
    const after = await db().selectFrom("users").select("email_verified_at").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.email_verified_at).toBeNull();
  });

  it("a new request invalidates the earlier link", async () => {
    const user = await userWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const first = await lastToken(db(), user.id);
    await requestEmailVerification(db(), user.id, config);
    const second = await lastToken(db(), user.id);
    expect(second).not.toBe(first);
    expect(await appError(verifyEmail(db(), first))).toMatchObject({ code: "INVALID_INPUT" });
    await verifyEmail(db(), second);
  });

  it("changing the email invalidates links sent to the old address", async () => {
    const user = await userWithEmail("old@example.com");
    await requestEmailVerification(db(), user.id, config);
    const token = await lastToken(db(), user.id);
    await updateProfile(db(), user.id, { email: "new@example.com" });
    expect(await appError(verifyEmail(db(), token))).toMatchObject({ code: "INVALID_INPUT" });
  });

  it("answers CONFLICT when another account verified the address in the meantime", async () => {
    const first = await userWithEmail("shared@example.com");
    const second = await userWithEmail("shared@example.com");
    await requestEmailVerification(db(), first.id, config);
    const firstToken = await lastToken(db(), first.id);
    await requestEmailVerification(db(), second.id, config);
    await verifyEmail(db(), await lastToken(db(), second.id));

    const err = await appError(verifyEmail(db(), firstToken));
    expect(err).toMatchObject({ code: "CONFLICT", field: "email", message: expect.stringMatching(/email address is already verified on another/) });
    const row = await db().selectFrom("users").select("email_verified_at").where("id", "=", first.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
    // Asking again for the address another account now holds is refused before anything is written.
    const again = await appError(requestEmailVerification(db(), first.id, config));
    expect(again).toMatchObject({ code: "CONFLICT", field: "email", message: expect.stringMatching(/already verified on another/) });
  });
});

describe("updateProfile", () => {
  it("refuses an address another account has verified, naming the email", async () => {
    const owner = await userWithEmail("taken@example.com");
    await requestEmailVerification(db(), owner.id, config);
    await verifyEmail(db(), await lastToken(db(), owner.id));
    const other = await createUser(db());
    expect(await appError(updateProfile(db(), other.id, { email: "taken@example.com" }))).toMatchObject({ code: "CONFLICT", field: "email" });
  });

  it("clears verification when the email changes, keeps it when only the name does", async () => {
    const user = await userWithEmail("me@example.com");
    await requestEmailVerification(db(), user.id, config);
    await verifyEmail(db(), await lastToken(db(), user.id));

    const renamed = await updateProfile(db(), user.id, { name: "Asha" });
    expect(renamed).toMatchObject({ name: "Asha", email: "me@example.com" });
    expect(renamed.email_verified_at).toBeInstanceOf(Date);
    const same = await updateProfile(db(), user.id, { email: "me@example.com" });
    expect(same.email_verified_at).toBeInstanceOf(Date);

    const moved = await updateProfile(db(), user.id, { email: "other@example.com" });
    expect(moved).toMatchObject({ email: "other@example.com", email_verified_at: null });
  });
});
