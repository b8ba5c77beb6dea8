import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/server/config/env";
import { alertUnsubscribeToken } from "@/server/domain/alerts/unsubscribe-token";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const fieldOf = (err: { cause?: unknown }) => (err.cause as { field?: string; fieldErrors?: Record<string, string[]> } | undefined);
const count = async () => Number((await db().selectFrom("alert_subscriptions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const area = { latitude: 12.9716, longitude: 77.5946, radiusMeters: 1500, frequency: "immediate" as const, channel: "sms" as const };

async function withEmail(verified: boolean) {
  const user = await createUser(db());
  await db().updateTable("users").set({ email: "asha@example.com", email_verified_at: verified ? new Date() : null }).where("id", "=", user.id).execute();
  return user;
}

describe("alerts.subscribe / list / update / unsubscribe", () => {
  it("subscribes, lists only the caller's own, edits and removes them", async () => {
    const citizen = await withEmail(true);
    const other = await createUser(db());
    const mine = callerFor(db(), citizen);
    const sub = await mine.alerts.subscribe({ ...area, categories: ["roads", "roads", "garbage"], channel: "email", frequency: "daily" });
    expect(sub).toMatchObject({ radiusMeters: 1500, categories: ["roads", "garbage"], channel: "email", frequency: "daily", includeStatusChanges: false });
    await callerFor(db(), other).alerts.subscribe(area);
    expect((await mine.alerts.list()).map((s) => s.id)).toEqual([sub.id]);

    const edited = await mine.alerts.update({ id: sub.id, radiusMeters: 300, includeStatusChanges: true, categories: [] });
    expect(edited).toMatchObject({ radiusMeters: 300, includeStatusChanges: true, categories: [], channel: "email" });

    // Another citizen's subscription is as missing as one that never was: NOT_FOUND naming id, unchanged.
    const theirs = await failure(callerFor(db(), other).alerts.update({ id: sub.id, radiusMeters: 5000 }));
    expect(theirs.code).toBe("NOT_FOUND");
    expect(fieldOf(theirs)?.field).toBe("id");
    expect((await failure(callerFor(db(), other).alerts.unsubscribe({ id: sub.id }))).code).toBe("NOT_FOUND");
    expect((await mine.alerts.list())[0]!.radiusMeters).toBe(300);

    expect(await mine.alerts.unsubscribe({ id: sub.id })).toEqual({ id: sub.id, removed: true });
    expect(await mine.alerts.list()).toEqual([]);
    expect(await count()).toBe(1);
  });

  it.each([
    ["radius over 5 km", { radiusMeters: 5001 }, "radiusMeters"],
    ["radius of 0", { radiusMeters: 0 }, "radiusMeters"],
    ["negative radius", { radiusMeters: -10 }, "radiusMeters"],
    ["near the north pole", { latitude: 85.5 }, "latitude"],
    ["near the south pole", { latitude: -89 }, "latitude"],
    ["longitude off the globe", { longitude: 181 }, "longitude"],
    ["an unknown category", { categories: ["potholes"] }, "categories.0"],
    ["an unknown frequency", { frequency: "hourly" }, "frequency"],
  ])("refuses %s with a 400 naming the field, and stores nothing", async (_what, over, field) => {
    const caller = callerFor(db(), await createUser(db()));
    const err = await failure(caller.alerts.subscribe({ ...area, ...(over as object) } as typeof area));
    expect(err.code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldOf(err)?.fieldErrors ?? {})).toContain(field);
    expect(await count()).toBe(0);
  });

  it("takes a point given to a vanishing fraction of a degree (the fuzz's 5e-324) as that point to a centimetre, never a 5xx", async () => {
    const citizen = await createUser(db());
    const sub = await callerFor(db(), citizen).alerts.subscribe({ ...area, latitude: 0, longitude: 5e-324, radiusMeters: 1 });
    expect(sub).toMatchObject({ latitude: 0, longitude: 0, radiusMeters: 1 });
    const moved = await callerFor(db(), citizen).alerts.update({ id: sub.id, latitude: 12.97160004, longitude: -5e-324 });
    expect(moved).toMatchObject({ latitude: 12.9716, longitude: 0 });
  });

  it("email alerts need a verified address; SMS goes to the phone", async () => {
    const unverified = callerFor(db(), await withEmail(false));
    const err = await failure(unverified.alerts.subscribe({ ...area, channel: "email" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(fieldOf(err)?.field).toBe("channel");
    expect(await count()).toBe(0);
    const sms = await unverified.alerts.subscribe(area);
    // Switching an SMS subscription to email is held to the same rule.
    const switched = await failure(unverified.alerts.update({ id: sms.id, channel: "email" }));
    expect(fieldOf(switched)?.field).toBe("channel");
    expect((await unverified.alerts.list())[0]!.channel).toBe("sms");
  });

  it("the 21st subscription is refused naming subscriptions, even when two arrive at once", async () => {
    const citizen = await createUser(db());
    const caller = callerFor(db(), citizen);
    for (let i = 0; i < 19; i++) await caller.alerts.subscribe({ ...area, latitude: 12 + i / 100 });
    const both = await Promise.allSettled([caller.alerts.subscribe(area), caller.alerts.subscribe(area)]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = await failure(caller.alerts.subscribe(area));
    expect(refused.code).toBe("CONFLICT");
    expect(fieldOf(refused)?.field).toBe("subscriptions");
    expect(await count()).toBe(20);
  });

  it("the signed link removes its subscription without a session; a forged or altered one changes nothing", async () => {
    const citizen = await createUser(db());
    const sub = await callerFor(db(), citizen).alerts.subscribe(area);
    const anonymous = callerFor(db());
    const token = alertUnsubscribeToken(env().NEXTAUTH_SECRET, sub.id);
    const forged = [
      alertUnsubscribeToken("not-the-secret", sub.id),
      `${randomUUID()}.${token.split(".")[1]}`,
      `${token}x`,
      `${token}.extra`,
      "garbage",
    ];
    for (const bad of forged) {
      const err = await failure(anonymous.alerts.unsubscribeByLink({ token: bad }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(fieldOf(err)?.field).toBe("token");
      expect((await failure(anonymous.alerts.unsubscribeLink({ token: bad }))).code).toBe("BAD_REQUEST");
    }
    expect(await count()).toBe(1);
    expect(await anonymous.alerts.unsubscribeLink({ token })).toEqual({ subscription: { radiusMeters: 1500, latitude: 12.9716, longitude: 77.5946 } });
    expect(await anonymous.alerts.unsubscribeByLink({ token })).toEqual({ removed: true });
    expect(await anonymous.alerts.unsubscribeByLink({ token })).toEqual({ removed: false });
    expect(await anonymous.alerts.unsubscribeLink({ token })).toEqual({ subscription: null });
    expect(await count()).toBe(0);
  });
});
