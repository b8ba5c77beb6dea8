import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { hashOtp, OTP_MAX_WRONG_ATTEMPTS, requestOtp, verifyOtp } from "@/server/domain/otp";
import { lastSentCode, testOtpConfig as config } from "../../support/otp-helpers";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
const client = { ip: "203.0.113.7", userAgent: "vitest" };
const PHONE = "+919876543210";

beforeEach(async () => truncateAll(db()));

const minutes = (n: number, from = new Date()) => new Date(from.getTime() + n * 60_000);

describe("requestOtp", () => {
  it("normalises the phone, stores only an HMAC, and writes a sealed outbox event in the same transaction", async () => {
    const res = await requestOtp(db(), { phone: "098765 43210" }, client, config);
    expect(res).toEqual({ sentTo: expect.stringMatching(/^\+91 •+210$/), expiresInSeconds: 300, retryAfterSeconds: 30 });

    const otp = await db().selectFrom("otp_codes").selectAll().executeTakeFirstOrThrow();
    const code = await lastSentCode(db(), PHONE);
    expect(code).toMatch(/^\d{6}$/);
    expect(otp.phone).toBe(PHONE);
    expect(otp.code_hash).toBe(hashOtp(config.secret, PHONE, code));
    expect(otp.code_hash).not.toContain(code);
    const expiresIn = otp.expires_at.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(295_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);

    const events = await db().selectFrom("event_outbox").selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ phone: PHONE, otpId: otp.id });
    expect(events[0]!.data).not.toHaveProperty("code");
  });

  it("rejects malformed numbers naming the phone field", async () => {
    for (const bad of ["12", "not a phone", "+1 555", "9".repeat(30)]) {
      await expect(requestOtp(db(), { phone: bad }, client, config)).rejects.toMatchObject({ code: "INVALID_INPUT", field: "phone" });
    }
    expect(await db().selectFrom("event_outbox").selectAll().execute()).toHaveLength(0);
  });

  it("enforces the resend countdown, 3 codes per phone per 10 minutes, and retry-after", async () => {
    const t0 = new Date();
    await requestOtp(db(), { phone: PHONE }, client, config, t0);
    const tooSoon = await requestOtp(db(), { phone: PHONE }, client, config, minutes(0.25, t0)).catch((e: AppError) => e);
    expect(tooSoon).toBeInstanceOf(AppError);
    expect(tooSoon).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 15 });

    await requestOtp(db(), { phone: PHONE }, client, config, minutes(1, t0));
    await requestOtp(db(), { phone: PHONE }, client, config, minutes(2, t0));
    const fourth = await requestOtp(db(), { phone: PHONE }, client, config, minutes(3, t0)).catch((e: AppError) => e);
    expect(fourth).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 7 * 60 });
    // The refused request wrote nothing.
    expect(await db().selectFrom("otp_codes").selectAll().execute()).toHaveLength(3);
    // Once the first request leaves the 10-minute window, a new one is allowed.
    await expect(requestOtp(db(), { phone: PHONE }, client, config, minutes(10.1, t0))).resolves.toBeDefined();
  });

  it("limits requests per IP across phone numbers", async () => {
    const cfg = { ...config, limits: { ...config.limits, perIp: 2 } };
    await requestOtp(db(), { phone: "+919876500001" }, client, cfg);
    await requestOtp(db(), { phone: "+919876500002" }, client, cfg);
    await expect(requestOtp(db(), { phone: "+919876500003" }, client, cfg)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(requestOtp(db(), { phone: "+919876500003" }, { ...client, ip: "198.51.100.1" }, cfg)).resolves.toBeDefined();
  });

  it("counts concurrent requests for one phone one after the other", async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => requestOtp(db(), { phone: PHONE }, client, config)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("verifyOtp", () => {
  async function issue(now = new Date(), phone = PHONE) {
    await requestOtp(db(), { phone }, client, config, now);
    return lastSentCode(db(), phone);
  }

  it("signs in with the right code: creates the user, audits, and queues auth/login.succeeded, all at once", async () => {
    const code = await issue();
    const res = await verifyOtp(db(), { phone: "+91 98765 43210", code }, client, config);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.created).toBe(true);
    expect(res.user).toMatchObject({ phone: PHONE, role: "citizen", status: "active" });

    const audit = await db().selectFrom("audit_log").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "auth.login.succeeded", status: "success", actor_id: res.user.id, ip: client.ip, user_agent: "vitest" });
    expect(JSON.stringify(audit[0]!.metadata)).not.toContain(code);
    const login = await db().selectFrom("event_outbox").selectAll().where("name", "=", "auth/login.succeeded").execute();
    expect(login).toHaveLength(1);
    expect(login[0]!.data).toMatchObject({ userId: res.user.id, method: "phone-otp", ip: client.ip });
  });

  it("finds the same user on a later sign-in", async () => {
    const first = await verifyOtp(db(), { phone: PHONE, code: await issue() }, client, config);
    const second = await verifyOtp(db(), { phone: PHONE, code: await issue(minutes(1)) }, client, config, minutes(1));
    expect(first.ok && second.ok && second.created === false && second.user.id === first.user.id).toBe(true);
  });

  it("gives an account with no saved language the one it signs in with, and never replaces a chosen one", async () => {
    const first = await verifyOtp(db(), { phone: PHONE, code: await issue() }, { ...client, locale: "hi" }, config);
    expect(first.ok && first.user.locale).toBe("hi");
    await db().updateTable("users").set({ locale: "en" }).where("phone", "=", PHONE).execute();
    await verifyOtp(db(), { phone: PHONE, code: await issue(minutes(1)) }, { ...client, locale: "hi" }, config, minutes(1));
    expect((await db().selectFrom("users").select("locale").where("phone", "=", PHONE).executeTakeFirstOrThrow()).locale).toBe("en");
    // An account made before languages were saved takes its next sign-in's.
    await db().updateTable("users").set({ locale: null }).where("phone", "=", PHONE).execute();
    await verifyOtp(db(), { phone: PHONE, code: await issue(minutes(2)) }, { ...client, locale: "hi" }, config, minutes(2));
    expect((await db().selectFrom("users").select("locale").where("phone", "=", PHONE).executeTakeFirstOrThrow()).locale).toBe("hi");
    // A sign-in that says no language leaves it unset.
    const other = await verifyOtp(db(), { phone: "+919876500000", code: await issue(minutes(3), "+919876500000") }, client, config, minutes(3));
    expect(other.ok && other.user.locale).toBeNull();
  });

  it("never accepts a used code", async () => {
    const code = await issue();
    expect((await verifyOtp(db(), { phone: PHONE, code }, client, config)).ok).toBe(true);
    expect(await verifyOtp(db(), { phone: PHONE, code }, client, config)).toEqual({ ok: false, reason: "no_active_code" });
  });

  it("lets only one of two simultaneous sign-ins with the same code through", async () => {
    const code = await issue();
    const results = await Promise.all([1, 2, 3].map(() => verifyOtp(db(), { phone: PHONE, code }, client, config)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().selectFrom("users").selectAll().execute()).toHaveLength(1);
  });

  it("refuses an expired code", async () => {
    const code = await issue();
    expect(await verifyOtp(db(), { phone: PHONE, code }, client, config, minutes(5.1))).toEqual({ ok: false, reason: "no_active_code" });
  });

  it("kills a code after 5 wrong attempts, auditing each failure", async () => {
    const code = await issue();
    const wrong = code === "000000" ? "111111" : "000000";
    const reasons = [];
    for (let i = 0; i < OTP_MAX_WRONG_ATTEMPTS; i++) reasons.push((await verifyOtp(db(), { phone: PHONE, code: wrong }, client, config)) as { reason: string });
    expect(reasons.map((r) => r.reason)).toEqual(["wrong_code", "wrong_code", "wrong_code", "wrong_code", "code_locked"]);
    expect(await verifyOtp(db(), { phone: PHONE, code }, client, config)).toMatchObject({ ok: false });
    const failures = await db().selectFrom("audit_log").selectAll().where("action", "=", "auth.login.failed").execute();
    expect(failures).toHaveLength(6);
    expect(await db().selectFrom("users").selectAll().execute()).toHaveLength(0);
  });

  it("only the newest code works after a resend", async () => {
    const first = await issue();
    const second = await issue(minutes(1));
    if (first !== second) {
      expect(await verifyOtp(db(), { phone: PHONE, code: first }, client, config, minutes(1))).toMatchObject({ ok: false });
    }
    expect((await verifyOtp(db(), { phone: PHONE, code: second }, client, config, minutes(1))).ok).toBe(true);
  });

  it("rejects malformed input without touching the database", async () => {
    await issue();
    for (const code of ["12345", "1234567", "abcdef", ""]) {
      expect(await verifyOtp(db(), { phone: PHONE, code }, client, config)).toEqual({ ok: false, reason: "invalid_input" });
    }
    expect(await verifyOtp(db(), { phone: "nope", code: "123456" }, client, config)).toEqual({ ok: false, reason: "invalid_input" });
    const otp = await db().selectFrom("otp_codes").select("attempts").executeTakeFirstOrThrow();
    expect(otp.attempts).toBe(0);
  });

  it("refuses suspended accounts", async () => {
    const ok = await verifyOtp(db(), { phone: PHONE, code: await issue() }, client, config);
    if (!ok.ok) throw new Error("setup");
    await db().updateTable("users").set({ status: "suspended" }).execute();
    expect(await verifyOtp(db(), { phone: PHONE, code: await issue(minutes(1)) }, client, config, minutes(1))).toEqual({ ok: false, reason: "suspended" });
  });
});
