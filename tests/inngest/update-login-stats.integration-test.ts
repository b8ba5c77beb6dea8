import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { updateLoginStats } from "@root/inngest/functions/update-login-stats";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: updateLoginStats });
let userId: string;

beforeEach(async () => {
  await truncateAll(db());
  ({ id: userId } = await db().insertInto("users").values({ phone: "+919876543210" }).returning("id").executeTakeFirstOrThrow());
});

/** auth/login.succeeded as verifyOtp queues it. */
const loginEvent = (id: string, at: Date) => ({
  id,
  name: "auth/login.succeeded",
  ts: at.getTime(),
  data: { userId, method: "phone-otp", ip: "203.0.113.7", userAgent: "vitest", at: at.toISOString() },
});

const user = () => db().selectFrom("users").select(["login_count", "last_login_at"]).where("id", "=", userId).executeTakeFirstOrThrow();

describe("update-login-stats", () => {
  it("counts a sign-in once per event id, and again for a new event", async () => {
    const at = new Date("2026-01-10T10:00:00Z");
    const first = await engine().execute({ events: [loginEvent("evt-1", at)] });
    expect(await openResult(first.result)).toEqual({ applied: true });
    expect(await user()).toEqual({ login_count: 1, last_login_at: at });

    // Redelivery of evt-1 (Inngest retry, outbox resend): a no-op.
    const again = await engine().execute({ events: [loginEvent("evt-1", at)] });
    expect(await openResult(again.result)).toEqual({ applied: false });
    expect((await user()).login_count).toBe(1);

    const later = new Date("2026-01-11T10:00:00Z");
    await engine().execute({ events: [loginEvent("evt-2", later)] });
    expect(await user()).toEqual({ login_count: 2, last_login_at: later });
  });

  it("never moves last_login_at backwards when an older event arrives late", async () => {
    const newer = new Date("2026-01-11T10:00:00Z");
    await engine().execute({ events: [loginEvent("evt-new", newer)] });
    await engine().execute({ events: [loginEvent("evt-old", new Date("2026-01-10T10:00:00Z"))] });
    expect(await user()).toEqual({ login_count: 2, last_login_at: newer });
  });
});
