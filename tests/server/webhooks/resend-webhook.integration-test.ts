import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { queueMessage, markMessage } from "@/server/domain/messages";
import { POST } from "@/app/api/webhooks/resend/route";
import { logger } from "@/server/logging/logger";
import { setEnv } from "../../inngest/helpers";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
const SECRET_BYTES = randomBytes(24);
const SECRET = `whsec_${SECRET_BYTES.toString("base64")}`;
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = setEnv({ RESEND_WEBHOOK_SECRET: SECRET });
});
afterAll(() => restoreEnv());
beforeEach(async () => truncateAll(db()));

/** Signs like Resend (Svix / Standard Webhooks): base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`. */
function signed(body: string, opts: { timestamp?: number; secret?: Buffer; prefix?: "svix" | "webhook" } = {}) {
  const id = `msg_${randomUUID()}`;
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", opts.secret ?? SECRET_BYTES).update(`${id}.${ts}.${body}`).digest("base64");
  const p = opts.prefix ?? "svix";
  return new Request("http://localhost/api/webhooks/resend", {
    method: "POST",
    headers: { "content-type": "application/json", [`${p}-id`]: id, [`${p}-timestamp`]: ts, [`${p}-signature`]: `v1,${sig}` },
    body,
  });
}

const eventBody = (type: string, emailId: string) => JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ["a@example.com"] } });

async function sentEmail(providerId = `re_${randomUUID()}`) {
  const m = await queueMessage(db(), { eventId: randomUUID(), channel: "email", kind: "email_verification", recipient: "a@example.com", body: "…", provider: "resend" });
  await markMessage(db(), m.id, { status: "sent", providerMessageId: providerId });
  return { id: m.id, providerId };
}
const statusOf = async (id: string) => (await db().selectFrom("messages").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

describe("POST /api/webhooks/resend", () => {
  it("a valid signature moves the message: delivered, then complained; a late delivered never hides a bounce", async () => {
    const m = await sentEmail();
    let res = await POST(signed(eventBody("email.delivered", m.providerId)));
    expect(res.status).toBe(200);
    expect(await statusOf(m.id)).toBe("delivered");
    res = await POST(signed(eventBody("email.complained", m.providerId), { prefix: "webhook" }));
    expect(res.status).toBe(200);
    expect(await statusOf(m.id)).toBe("complained");

    const b = await sentEmail();
    await POST(signed(eventBody("email.bounced", b.providerId)));
    await POST(signed(eventBody("email.delivered", b.providerId)));
    expect(await statusOf(b.id)).toBe("bounced");
  });

  it("refuses a bad signature with 401 and changes nothing", async () => {
    const m = await sentEmail();
    const res = await POST(signed(eventBody("email.delivered", m.providerId), { secret: randomBytes(24) }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Invalid webhook signature." });
    expect(await statusOf(m.id)).toBe("sent");

    const unsigned = await POST(new Request("http://localhost/api/webhooks/resend", { method: "POST", body: eventBody("email.delivered", m.providerId) }));
    expect(unsigned.status).toBe(401);
  });

  it("refuses a stale timestamp (over 5 minutes) even when correctly signed", async () => {
    const m = await sentEmail();
    const res = await POST(signed(eventBody("email.delivered", m.providerId), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/5 minutes/);
    expect(await statusOf(m.id)).toBe("sent");
  });

  it("acknowledges unknown ids and types with 200, and logs the unknown id", async () => {
    const warn = vi.spyOn(logger, "warn");
    try {
      const res = await POST(signed(eventBody("email.delivered", "re_nobody")));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: "unknown-message" });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("re_nobody"));
    } finally {
      warn.mockRestore();
    }
    expect((await POST(signed(eventBody("email.opened", "re_x")))).status).toBe(200);
    expect((await POST(signed(JSON.stringify({ hello: "world" })))).status).toBe(200);
  });

  it("never answers 500 to bad input: signed non-JSON is 400", async () => {
    const res = await POST(signed("this is not json"));
    expect(res.status).toBe(400);
  });

  it("answers 503 with a clear message when the secret is not configured", async () => {
    const undo = setEnv({ RESEND_WEBHOOK_SECRET: "" });
    delete process.env.RESEND_WEBHOOK_SECRET;
    try {
      const res = await POST(signed(eventBody("email.delivered", "re_x")));
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/RESEND_WEBHOOK_SECRET/);
    } finally {
      undo();
    }
  });
});
