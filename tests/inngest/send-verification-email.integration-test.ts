import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { requestEmailVerification } from "@/server/domain/profile/request-email-verification";
import { updateProfile } from "@/server/domain/profile/update-profile";
import { sealSecret } from "@/server/outbox/seal-secret";
import { recordDeadLetter } from "@root/inngest/functions/record-dead-letter";
import { sendVerificationEmail } from "@root/inngest/functions/send-verification-email";
import { expectConsoleError } from "../support/console-guard";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { useResendStandin } from "../support/use-resend-standin";
import { openResult, setEnv, stepOutputs } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const engine = () => new InngestTestEngine({ function: sendVerificationEmail });
const messages = () => db().selectFrom("messages").selectAll().execute();

/** A real request through the domain, and its outbox row as the relay sends it (row id = event id). */
async function verificationEvent(email = "asha@example.com") {
  const user = await createUser(db());
  await updateProfile(db(), user.id, { email });
  await requestEmailVerification(db(), user.id, { seal: sealSecret, limit: { perUser: 5, windowSeconds: 3600 } });
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "user/email-verification.requested").orderBy("seq", "desc").executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, ts: Date.now(), data: row.data as Record<string, unknown> & { encrypted: unknown } };
}

describe("send-verification-email with the dev mailbox (no RESEND_API_KEY)", () => {
  it("queues one email with a working link and marks it sent; steps never return the token", async () => {
    const event = await verificationEvent();
    const { result, state } = await engine().execute({ events: [event] });
    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "email", kind: "email_verification", recipient: "asha@example.com", provider: "dev-mailbox", status: "sent", event_id: event.id });
    expect(rows[0]!.subject).toMatch(/Verify your email for CivicLens/);
    const token = /verify-email\?token=([\w-]+)/.exec(rows[0]!.body)![1]!;
    expect(rows[0]!.html).toContain(`verify-email?token=${token}`);
    expect(rows[0]!.html).toMatch(/^<!doctype html>/);
    expect(await openResult(result)).toEqual({ messageId: rows[0]!.id, status: "sent" });
    expect(JSON.stringify(await stepOutputs(state))).not.toContain(token);
  });

  it("skips an event whose link has already expired", async () => {
    const event = await verificationEvent();
    event.data.expiresAt = new Date(Date.now() - 1000).toISOString();
    const { result } = await engine().execute({ events: [event] });
    expect(await openResult(result)).toEqual({ skipped: "expired" });
    expect(await messages()).toHaveLength(0);
  });

  it("refuses, without retrying, an event whose encrypted field holds no token", async () => {
    expectConsoleError(/Inngest function error|carries no readable token/);
    const event = await verificationEvent();
    event.data.encrypted = await sealSecret({ note: "no token" });
    const { error } = await engine().execute({ events: [event] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await messages()).toHaveLength(0);
  });
});

describe("send-verification-email through Resend (local stand-in)", () => {
  const resend = useResendStandin({ EMAIL_FROM: "CivicLens <no-reply@civiclens.example>" });

  it("sends with the API key, the event id as idempotency key, HTML and text; stores a redacted body", async () => {
    const undo = setEnv({ DEV_MAILBOX: "false" });
    const event = await verificationEvent();
    await engine().execute({ events: [event] }).finally(undo);

    expect(resend.requests).toHaveLength(1);
    const [req] = resend.requests;
    expect(req).toMatchObject({ path: "/emails", authorization: "Bearer re_test_key", idempotencyKey: event.id });
    expect(req!.body).toMatchObject({ from: "CivicLens <no-reply@civiclens.example>", to: "asha@example.com", subject: "Verify your email for CivicLens" });
    const token = /verify-email\?token=([\w-]+)/.exec(req!.body.text!)![1]!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(req!.body.html).toContain(`token=${token}`);

    const [row] = await messages();
    expect(row).toMatchObject({ provider: "resend", status: "sent", provider_message_id: "re_email_0001" });
    expect(row!.body).not.toContain(token);
    expect(row!.html).not.toContain(token);
  });

  it("with the dev mailbox on (development), keeps the link usable in the stored body, so /dev/mailbox shows it in full", async () => {
    const undo = setEnv({ DEV_MAILBOX: "true" });
    const event = await verificationEvent();
    await engine().execute({ events: [event] }).finally(undo);
    const token = /verify-email\?token=([\w-]+)/.exec(resend.requests[0]!.body.text!)![1]!;
    const [row] = await messages();
    expect(row!.body).toContain(`verify-email?token=${token}`);
    expect(row!.body).not.toContain("••••••");
  });

  it("500 three times then 200: one email, one message row, every call with the same idempotency key", async () => {
    expectConsoleError(/Inngest step error|Resend 500/);
    resend.script.push({ status: 500 }, { status: 500 }, { status: 500 });
    const event = await verificationEvent();
    // @inngest/test does not model retries: each execute() is one attempt, as Inngest would re-run it.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { error } = await engine().execute({ events: [event] });
      expect(error).toMatchObject({ message: expect.stringContaining("Resend 500") });
      expect(error).not.toMatchObject({ name: "NonRetriableError" });
      expect(await messages()).toMatchObject([{ status: "queued", provider_message_id: null }]);
    }
    const { result } = await engine().execute({ events: [event] });

    expect(resend.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(resend.requests.map((r) => r.idempotencyKey))).toEqual(new Set([event.id]));
    expect(resend.sent).toHaveLength(1);
    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "sent", provider_message_id: "re_email_0001" });
    expect(await openResult(result)).toEqual({ messageId: rows[0]!.id, status: "sent" });
  });

  it("429 and an unreachable provider are retryable", async () => {
    expectConsoleError(/Inngest step error|Resend (429|unreachable)/);
    resend.script.push({ status: 429 });
    const event = await verificationEvent();
    const limited = await engine().execute({ events: [event] });
    expect(limited.error).toMatchObject({ message: expect.stringContaining("Resend 429") });
    expect(limited.error).not.toMatchObject({ name: "NonRetriableError" });

    const undo = setEnv({ RESEND_BASE_URL: "http://127.0.0.1:9" });
    try {
      const down = await engine().execute({ events: [event] });
      expect(down.error).toMatchObject({ message: expect.stringContaining("Resend unreachable") });
      expect(down.error).not.toMatchObject({ name: "NonRetriableError" });
    } finally {
      undo();
    }
    expect(await messages()).toMatchObject([{ status: "queued" }]);
  });

  it("the same event delivered twice sends one email and keeps one row", async () => {
    const event = await verificationEvent();
    await engine().execute({ events: [event] });
    const again = await engine().execute({ events: [event] });
    expect(resend.sent).toHaveLength(1);
    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(await openResult(again.result)).toEqual({ messageId: rows[0]!.id, status: "sent" });
  });

  it("a lost answer does not send twice: the retry reuses the idempotency key and Resend dedupes", async () => {
    const event = await verificationEvent();
    await engine().execute({ events: [event] });
    // As if the first answer never reached us: the row is still queued, so the step calls Resend again.
    await db().updateTable("messages").set({ status: "queued", provider_message_id: null }).execute();
    await engine().execute({ events: [event] });
    expect(resend.requests).toHaveLength(2);
    expect(resend.sent).toHaveLength(1);
    expect(await messages()).toMatchObject([{ status: "sent", provider_message_id: "re_email_0001" }]);
  });

  it("422 fails for good (NonRetriableError); record-dead-letter then keeps the event and fails the message", async () => {
    expectConsoleError(/Inngest step error|Resend 422/);
    resend.fallback = { status: 422 };
    const event = await verificationEvent("bad@example.com");
    const { error } = await engine().execute({ events: [event] });
    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("Resend 422") });
    expect(await messages()).toMatchObject([{ status: "failed", error: expect.stringContaining("validation_error") }]);

    const runId = `01J${randomUUID().replace(/-/g, "").slice(0, 23).toUpperCase()}`;
    const failed = {
      id: randomUUID(),
      name: "inngest/function.failed",
      ts: Date.now(),
      data: { function_id: "civiclens-send-verification-email", run_id: runId, error: { name: "NonRetriableError", message: (error as Error).message }, event },
    };
    await new InngestTestEngine({ function: recordDeadLetter }).execute({ events: [failed] });

    const letters = await db().selectFrom("dead_letters").selectAll().execute();
    expect(letters).toHaveLength(1);
    const [row] = await messages();
    expect(letters[0]).toMatchObject({
      function_id: "civiclens-send-verification-email",
      run_id: runId,
      event_id: event.id,
      event_name: "user/email-verification.requested",
      error: expect.stringContaining("Resend 422"),
      message_id: row!.id,
      status: "open",
    });
    // What a re-send needs: the original payload, with the token still sealed.
    expect(letters[0]!.event_data).toEqual(JSON.parse(JSON.stringify(event.data)));
    expect(row!.status).toBe("failed");
  });
});
