import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sealSecret } from "@/server/outbox/seal-secret";
import { sendOtpSms } from "@root/inngest/functions/send-otp-sms";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult, setEnv, stepOutputs } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const CODE = "123456";
const PHONE = "+919876543210";
const engine = () => new InngestTestEngine({ function: sendOtpSms });

/** auth/otp.requested as requestOtp writes it to the outbox and the relay sends it (row id = event id). */
async function otpEvent(opts: { expiresInMs?: number; encrypted?: unknown } = {}) {
  return {
    id: randomUUID(),
    name: "auth/otp.requested",
    ts: Date.now(),
    data: {
      phone: PHONE,
      otpId: randomUUID(),
      expiresAt: new Date(Date.now() + (opts.expiresInMs ?? 300_000)).toISOString(),
      encrypted: "encrypted" in opts ? opts.encrypted : await sealSecret({ code: CODE }),
    },
  };
}

const messages = () => db().selectFrom("messages").selectAll().execute();

describe("send-otp-sms with the dev mailbox", () => {
  it("queues one sms/otp message with the readable code and marks it sent", async () => {
    const { result, state } = await engine().execute({ events: [await otpEvent()] });

    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "sms", kind: "otp", recipient: PHONE, provider: "dev-mailbox", status: "sent" });
    expect(rows[0]!.body).toContain(CODE);
    expect(await openResult(result)).toEqual({ messageId: rows[0]!.id, status: "sent" });
    // Step outputs are stored by Inngest: they must hold ids and statuses, never the code.
    const outputs = await stepOutputs(state);
    expect(outputs).toHaveLength(2);
    expect(JSON.stringify(outputs)).not.toContain(CODE);
    expect(JSON.stringify(await openResult(result))).not.toContain(CODE);
  });

  it("skips an event whose code has already expired", async () => {
    const { result } = await engine().execute({ events: [await otpEvent({ expiresInMs: -1000 })] });
    expect(await openResult(result)).toEqual({ skipped: "expired" });
    expect(await messages()).toHaveLength(0);
  });

  it("refuses, without retrying, an event whose encrypted field holds no code", async () => {
    expectConsoleError(/Inngest function error|carries no readable code/);
    const { error } = await engine().execute({ events: [await otpEvent({ encrypted: { note: "not a code" } })] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await messages()).toHaveLength(0);
  });

  it("writes nothing when the sealed field cannot be opened", async () => {
    const sealedElsewhere = await foreignSeal({ code: CODE });
    const { error } = await engine().execute({ events: [await otpEvent({ encrypted: sealedElsewhere })] });
    expect(error).toMatchObject({ message: expect.stringMatching(/wrong secret key/) });
    expect(await messages()).toHaveLength(0);
  });

  // The middleware opens the event before the handler runs; SealedDataService makes that failure final.
  it("refuses, without retrying, an event sealed with another key", async () => {
    const { error } = await engine().execute({ events: [await otpEvent({ encrypted: await foreignSeal({ code: CODE }) })] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
  });
});

/** The envelope sealSecret makes, but with a key this app does not have. */
async function foreignSeal(value: unknown) {
  const other = new LibSodiumEncryptionService("some-other-deployment-key-0123456789abcdef");
  return { __ENCRYPTED__: true, __STRATEGY__: other.identifier, data: await other.encrypt(value) };
}

describe("send-otp-sms with Twilio", () => {
  /** Stands in for Twilio's Messages resource; answers with `reply` and records each request. */
  const twilio = {
    server: undefined as Server | undefined,
    requests: [] as { path: string; auth: string; form: URLSearchParams }[],
    reply: { status: 201, body: {} as Record<string, unknown> },
  };
  let restoreEnv: () => void;

  beforeAll(async () => {
    twilio.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        twilio.requests.push({ path: req.url ?? "", auth: req.headers.authorization ?? "", form: new URLSearchParams(raw) });
        res.writeHead(twilio.reply.status, { "content-type": "application/json" }).end(JSON.stringify(twilio.reply.body));
      });
    });
    await new Promise<void>((r) => twilio.server!.listen(0, "127.0.0.1", r));
    const { port } = twilio.server.address() as AddressInfo;
    restoreEnv = setEnv({
      SMS_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: "AC123",
      TWILIO_AUTH_TOKEN: "token",
      TWILIO_FROM: "+15005550006",
      TWILIO_BASE_URL: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(async () => {
    restoreEnv();
    await new Promise((r) => twilio.server?.close(r));
  });
  afterEach(() => {
    twilio.requests.length = 0;
  });

  it.each([201, 200])("on %i: sends the code to Twilio, stores the sid and a redacted body", async (status) => {
    twilio.reply = { status, body: { sid: "SM0001", status: "queued" } };
    await engine().execute({ events: [await otpEvent()] });

    expect(twilio.requests).toHaveLength(1);
    const [sent] = twilio.requests;
    expect(sent!.path).toBe("/2010-04-01/Accounts/AC123/Messages.json");
    expect(sent!.auth).toBe(`Basic ${Buffer.from("AC123:token").toString("base64")}`);
    expect(Object.fromEntries(sent!.form)).toMatchObject({ To: PHONE, From: "+15005550006", Body: expect.stringContaining(CODE) });

    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "twilio", status: "sent", provider_message_id: "SM0001" });
    expect(rows[0]!.body).not.toContain(CODE);
    expect(rows[0]!.body).toContain("••••••");
  });

  it("delivers a redelivered event (same id) once: one row, one Twilio call", async () => {
    twilio.reply = { status: 201, body: { sid: "SM0002" } };
    const event = await otpEvent();
    await engine().execute({ events: [event] });
    const again = await engine().execute({ events: [event] });

    expect(twilio.requests).toHaveLength(1);
    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(await openResult(again.result)).toEqual({ messageId: rows[0]!.id, status: "sent" });
  });

  it("on 400: marks the message failed and stops retrying", async () => {
    expectConsoleError(/Inngest step error|Twilio 400/);
    twilio.reply = { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } };
    const { error } = await engine().execute({ events: [await otpEvent()] });

    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("Twilio 400") });
    const [row] = await messages();
    expect(row).toMatchObject({ status: "failed", error: expect.stringContaining("not a valid phone number") });
  });

  it("on 500: fails the step with a retryable error and leaves the message queued for the retry", async () => {
    expectConsoleError(/Inngest step error|Twilio 500/);
    twilio.reply = { status: 500, body: { message: "Internal error" } };
    const { error } = await engine().execute({ events: [await otpEvent()] });

    expect(error).toMatchObject({ message: "Twilio 500: Internal error" });
    expect(error).not.toMatchObject({ name: "NonRetriableError" });
    const [row] = await messages();
    expect(row).toMatchObject({ status: "queued", provider_message_id: null });
  });
});
