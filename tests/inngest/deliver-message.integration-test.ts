/**
 * A message is sent by the one run that claims it: an event delivered twice (at-least-once), or a
 * deliver step retried after its first attempt sent, never sends the same SMS or email twice.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { deliverMessage } from "@root/inngest/deliver-message";
import { SEND_CLAIM_MS, queueMessage } from "@/server/domain/messages";
import { PermanentDeliveryError } from "@/server/providers/sms";
import { useTestDb } from "../support/test-db";

const db = useTestDb();

async function queued() {
  return queueMessage(db(), { eventId: randomUUID(), channel: "sms", kind: "otp", recipient: "+919876543210", body: "123456 is your code", provider: "twilio" });
}
const statusOf = async (id: string) => (await db().selectFrom("messages").select(["status", "error", "provider_message_id"]).where("id", "=", id).executeTakeFirstOrThrow());

describe("deliverMessage", () => {
  it("sends once when two runs deliver the same message at the same time", async () => {
    const message = await queued();
    const send = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return { providerMessageId: "SM1" };
    });
    const results = await Promise.all([deliverMessage(message.id, send), deliverMessage(message.id, send), deliverMessage(message.id, send)]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.status).sort()).toEqual(["already-claimed", "already-claimed", "sent"]);
    expect(await statusOf(message.id)).toMatchObject({ status: "sent", provider_message_id: "SM1" });
  });

  it("does not send again when the step is retried after it sent", async () => {
    const message = await queued();
    const send = vi.fn(async () => ({ providerMessageId: "SM2" }));
    await deliverMessage(message.id, send);
    expect((await deliverMessage(message.id, send)).status).toBe("already-claimed");
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("gives the claim back when a send fails, so the retry sends", async () => {
    const message = await queued();
    const send = vi.fn().mockRejectedValueOnce(new Error("provider timed out")).mockResolvedValueOnce({ providerMessageId: "SM3" });
    await expect(deliverMessage(message.id, send)).rejects.toThrow("provider timed out");
    expect(await statusOf(message.id)).toMatchObject({ status: "queued", error: "provider timed out" });
    expect((await deliverMessage(message.id, send)).status).toBe("sent");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("fails the message for good on a permanent refusal", async () => {
    const message = await queued();
    await expect(deliverMessage(message.id, async () => Promise.reject(new PermanentDeliveryError("invalid number")))).rejects.toThrow("invalid number");
    expect((await statusOf(message.id)).status).toBe("failed");
  });

  it("takes over a claim left by a run that died mid-send, once the claim is old", async () => {
    const message = await queued();
    await db().updateTable("messages").set({ status: "sending", updated_at: new Date(Date.now() - SEND_CLAIM_MS - 1000) }).where("id", "=", message.id).execute();
    const send = vi.fn(async () => ({ providerMessageId: "SM4" }));
    expect((await deliverMessage(message.id, send)).status).toBe("sent");
    const fresh = await queued();
    await db().updateTable("messages").set({ status: "sending", updated_at: new Date() }).where("id", "=", fresh.id).execute();
    expect((await deliverMessage(fresh.id, send)).status).toBe("already-claimed");
    expect(send).toHaveBeenCalledTimes(1);
  });
});
