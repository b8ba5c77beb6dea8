import { beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@/server/domain/audit";
import { verifyOtp } from "@/server/domain/otp";
import { callerFor } from "../../support/caller";
import { testOtpConfig } from "../../support/otp-helpers";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const PHONE = "+919876543210";
const EMAIL = "asha.rao@example.com";
const IP = "198.51.100.23";
const UA = "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

/** What a failed sign-in and a verified email leave in the audit log, through the code that writes them. */
async function auditTrail() {
  const refused = await verifyOtp(db(), { phone: PHONE, code: "123456" }, { ip: IP, userAgent: UA }, testOtpConfig);
  expect(refused).toMatchObject({ ok: false, reason: "no_active_code" });
  // As record-audit writes user/email.verified (the event's fields, less the user id, as metadata).
  await recordAudit(db(), { action: "user.email_verified", resourceType: "user", resourceId: "u-1", description: `Email ${EMAIL} verified`, metadata: { email: EMAIL, at: new Date().toISOString() } });
}

/** A dead verification email and an SMS code, failed runs quoting their recipients, a relay error. */
async function taskTrail() {
  await db()
    .insertInto("dead_letters")
    .values([
      {
        function_id: "civiclens-send-verification-email",
        run_id: "run-email",
        event_name: "user/email-verification.requested",
        event_data: JSON.stringify({ userId: "u-1", email: EMAIL, tokenId: "t-1", expiresAt: "2026-11-29T10:00:00.000Z", encrypted: { v: "sealed" } }),
        error: `Resend 422: cannot send to ${EMAIL}`,
      },
      { function_id: "civiclens-send-otp-sms", run_id: "run-sms", event_name: "auth/otp.requested", event_data: JSON.stringify({ phone: PHONE, otpId: "o-1" }), error: `Twilio 21211: invalid 'To' ${PHONE}` },
    ])
    .execute();
  await db().insertInto("task_runs").values({ run_id: "run-email", function_id: "send-verification-email", status: "failed", error: `Resend 422: cannot send to ${EMAIL}` }).execute();
  await db().insertInto("event_outbox").values({ name: "auth/otp.requested", data: JSON.stringify({ phone: PHONE }), last_error: `rejected event for ${PHONE}`, attempts: 1, last_attempt_at: new Date() }).execute();
}

describe("admin.auditLog: contact data by role", () => {
  it("masks a failed sign-in's phone, emails, the IP and the browser for a moderator", async () => {
    await auditTrail();
    const log = await callerFor(db(), await staff(db(), "moderator")).admin.auditLog({});
    expect(log.contactMasked).toBe(true);
    const failed = log.items.find((a) => a.action === "auth.login.failed")!;
    expect(failed).toMatchObject({ resource_id: "+91 •••••••210", ip: "198.51.100.x", user_agent: "Chrome on Android", metadata: { phone: "+91 •••••••210", reason: "no_active_code" } });
    const verified = log.items.find((a) => a.action === "user.email_verified")!;
    expect(verified).toMatchObject({ description: "Email a•••@example.com verified", metadata: { email: "a•••@example.com" } });
    const everything = JSON.stringify(log);
    for (const secret of [PHONE, "98765", EMAIL, IP, "SM-S918B"]) expect(everything).not.toContain(secret);
  });

  it("shows them in full to an admin", async () => {
    await auditTrail();
    const log = await callerFor(db(), await staff(db(), "admin")).admin.auditLog({});
    expect(log.contactMasked).toBe(false);
    expect(log.items.find((a) => a.action === "auth.login.failed")).toMatchObject({ resource_id: PHONE, ip: IP, user_agent: UA });
    expect(log.items.find((a) => a.action === "user.email_verified")).toMatchObject({ description: `Email ${EMAIL} verified`, metadata: { email: EMAIL } });
  });
});

describe("admin.tasks: contact data by role", () => {
  it("masks recipients in dead-letter payloads and in error texts for a moderator", async () => {
    await taskTrail();
    const t = await callerFor(db(), await staff(db(), "moderator")).admin.tasks();
    expect(t.contactMasked).toBe(true);
    const email = t.deadLetters.find((d) => d.runId === "run-email")!;
    expect(email.eventData).toMatchObject({ email: "a•••@example.com", tokenId: "t-1", encrypted: { v: "sealed" } });
    expect(email.error).toBe("Resend 422: cannot send to a•••@example.com");
    expect(t.deadLetters.find((d) => d.runId === "run-sms")!.eventData).toMatchObject({ phone: "+91 •••••••210" });
    expect(t.recentRuns[0]!.error).toBe("Resend 422: cannot send to a•••@example.com");
    expect(t.functions[0]!.lastError).toBe("Resend 422: cannot send to a•••@example.com");
    expect(t.outbox.lastError).toBe("rejected event for +91 •••••••210");
    const everything = JSON.stringify(t);
    for (const secret of [PHONE, "98765", EMAIL]) expect(everything).not.toContain(secret);
  });

  it("shows them in full to an admin, who decides on re-sending", async () => {
    await taskTrail();
    const t = await callerFor(db(), await staff(db(), "admin")).admin.tasks();
    expect(t.contactMasked).toBe(false);
    expect(t.deadLetters.find((d) => d.runId === "run-email")).toMatchObject({ eventData: { email: EMAIL }, error: `Resend 422: cannot send to ${EMAIL}` });
    expect(t.deadLetters.find((d) => d.runId === "run-sms")!.eventData).toMatchObject({ phone: PHONE });
    expect(t.outbox.lastError).toBe(`rejected event for ${PHONE}`);
  });
});

describe("reports.byId: a failed run's error on a report page", () => {
  it("masks the reporter's address for a moderator, shows it to an admin", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    await db().insertInto("task_runs").values({ run_id: "run-notify", function_id: "notify-reporter", subject_id: report.id, status: "failed", error: `Resend 422: cannot send to ${EMAIL}` }).execute();
    const errorFor = async (role: "moderator" | "admin") =>
      (await callerFor(db(), await staff(db(), role)).reports.byId({ id: report.id })).runs!.find((r) => r.runId === "run-notify")!.error;
    expect(await errorFor("moderator")).toBe("Resend 422: cannot send to a•••@example.com");
    expect(await errorFor("admin")).toBe(`Resend 422: cannot send to ${EMAIL}`);
  });
});
