/**
 * Fault: the email provider fails (the Resend stand-in answers 500 to everything). A verification
 * email is retried as its function says, then becomes a dead letter; once the provider is back, an
 * admin re-sends it, exactly one email goes out, its link works, and a second re-send is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@root/e2e/support/http";
import { startFaultApp, type Account, type FaultApp } from "./support/fault-app";

const EMAIL = `provider-down-${Date.now()}@example.com`;
const FUNCTION_ID = "civiclens-send-verification-email";

let app: FaultApp;
let citizen: Account;
let admin: Account;
beforeAll(async () => {
  app = await startFaultApp({ name: "email-provider", resend: true });
  [citizen, admin] = await Promise.all([app.account("citizen"), app.account("admin")]);
});
afterAll(async () => app?.stop());

/** The function's own retry count, as it registered with Inngest: every attempt is one call to the provider. */
function attemptsAllowed(): number {
  const fn = app.e2e.standin.functions().find((f) => f.id === FUNCTION_ID);
  if (!fn) throw new Error(`${FUNCTION_ID} is not registered`);
  return fn.retries + 1;
}

describe("the email provider failing", () => {
  it("retries, ends as a dead letter, and an admin's re-send delivers exactly one email", async () => {
    const resend = app.resend!;
    resend.fallback = { status: 500 };
    expect((await app.client.mutation("profile.update", { email: EMAIL }, citizen.cookie)).status).toBe(200);
    const requested = await app.client.mutation("profile.sendEmailVerification", undefined, citizen.cookie);
    expect(requested.status, JSON.stringify(requested.error)).toBe(200);

    const letter = await until(
      "the failed email to become a dead letter",
      () => app.db.selectFrom("dead_letters").selectAll().where("function_id", "=", FUNCTION_ID).where("status", "=", "open").executeTakeFirst(),
      60_000,
    );
    // Retried as the function says, every attempt under the same idempotency key; nothing delivered.
    const attempts = resend.requests.filter((r) => r.body.to === EMAIL);
    expect(attemptsAllowed()).toBeGreaterThan(1);
    expect(attempts.length).toBe(attemptsAllowed());
    expect(new Set(attempts.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(resend.sent.filter((r) => r.body.to === EMAIL)).toEqual([]);
    expect(letter.event_name).toBe("user/email-verification.requested");
    const tasks = await app.client.query<unknown>("admin.tasks", undefined, admin.cookie);
    expect(tasks.status).toBe(200);
    expect(JSON.stringify(tasks.data)).toContain(letter.id);

    // The provider is back; an admin re-sends the letter once.
    resend.fallback = { status: 200 };
    const resent = await app.client.mutation<{ eventId: string }>("admin.resendDeadLetter", { id: letter.id }, admin.cookie);
    expect(resent.status, JSON.stringify(resent.error)).toBe(200);
    const email = await until("the re-sent email", async () => resend.sent.find((r) => r.body.to === EMAIL), 30_000);
    const again = await app.client.mutation("admin.resendDeadLetter", { id: letter.id }, admin.cookie);
    expect(again.status).toBe(409);
    await app.e2e.standin.waitForIdle(30_000);
    expect(resend.sent.filter((r) => r.body.to === EMAIL)).toHaveLength(1);
    const row = await app.db.selectFrom("dead_letters").select(["status", "resent_event_id"]).where("id", "=", letter.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "resent", resent_event_id: resent.data!.eventId });

    // The link in the one email works.
    const token = /verify-email\?token=([\w-]+)/.exec(email.body.text ?? "")?.[1];
    expect(token, email.body.text).toBeDefined();
    expect((await app.client.mutation("profile.verifyEmail", { token }, citizen.cookie)).status).toBe(200);
    const user = await app.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", citizen.id).executeTakeFirstOrThrow();
    expect(user.email).toBe(EMAIL);
    expect(user.email_verified_at).not.toBeNull();
  });
});
