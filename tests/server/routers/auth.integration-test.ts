import { beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));


describe("auth.requestOtp", () => {
  it("answers with the masked number and countdown, and queues exactly one event", async () => {
    const res = await callerFor(db()).auth.requestOtp({ phone: " +91 98765 43210 " });
    expect(res).toEqual({ sentTo: "+91 •••••••210", expiresInSeconds: 300, retryAfterSeconds: 30 });
    const rows = await db().selectFrom("event_outbox").select(["name"]).execute();
    expect(rows).toEqual([{ name: "auth/otp.requested" }]);
  });

  it("answers bad input with BAD_REQUEST naming the phone field", async () => {
    for (const phone of ["", "123", "x".repeat(40), "+44 12"]) {
      const err = await failure(callerFor(db()).auth.requestOtp({ phone }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.message.toLowerCase()).toMatch(/phone|mobile number/);
    }
    const err = await failure(callerFor(db()).auth.requestOtp({} as { phone: string }));
    expect(err.code).toBe("BAD_REQUEST");
  });

  it("answers a flood with TOO_MANY_REQUESTS carrying retry-after seconds", async () => {
    await callerFor(db()).auth.requestOtp({ phone: "+919876543210" });
    const err = await failure(callerFor(db()).auth.requestOtp({ phone: "+919876543210" }));
    expect(err.code).toBe("TOO_MANY_REQUESTS");
    expect((err.cause as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("answers SERVICE_UNAVAILABLE, not a 500, when the database is down", async () => {
    const down = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    try {
      const err = await failure(callerFor(down).auth.requestOtp({ phone: "+919876543210" }));
      expect(err.code).toBe("SERVICE_UNAVAILABLE");
      expect(err.message).toMatch(/database/);
    } finally {
      await down.destroy();
    }
  });
});

describe("auth.deliveryStatus", () => {
  it("says the worker is not connected when Inngest cannot be reached", async () => {
    const status = await callerFor(db()).auth.deliveryStatus();
    expect(status).toMatchObject({ workerConnected: false, devMailbox: true, devServer: true });
  });
});

describe("dev.mailbox", () => {
  it("lists messages newest first", async () => {
    await db().insertInto("messages").values([
      { event_id: "e1", channel: "sms", kind: "otp", recipient: "+919876543210", body: "111111 is your code", provider: "dev-mailbox", created_at: new Date(Date.now() - 1000) },
      { event_id: "e2", channel: "sms", kind: "otp", recipient: "+919876543210", body: "222222 is your code", provider: "dev-mailbox" },
    ]).execute();
    const rows = await callerFor(db()).dev.mailbox();
    expect(rows.map((r) => r.body)).toEqual(["222222 is your code", "111111 is your code"]);
  });
});
