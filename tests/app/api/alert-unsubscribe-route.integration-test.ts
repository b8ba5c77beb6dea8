import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/alerts/unsubscribe/route";
import { env } from "@/server/config/env";
import { alertUnsubscribeToken } from "@/server/domain/alerts/unsubscribe-token";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const url = (token?: string) => `${new URL(env().APP_URL).origin}/api/alerts/unsubscribe${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;
const remaining = async () => (await db().selectFrom("alert_subscriptions").select("id").execute()).length;

async function subscription() {
  const user = await createUser(db());
  const sub = await callerFor(db(), user).alerts.subscribe({ latitude: 12.97, longitude: 77.59, radiusMeters: 800, frequency: "immediate", channel: "sms" });
  return { sub, token: alertUnsubscribeToken(env().NEXTAUTH_SECRET, sub.id) };
}

describe("POST /api/alerts/unsubscribe (the alert's signed link)", () => {
  it("a mail provider's one-click POST (RFC 8058) removes the subscription, from another site and without a session", async () => {
    const { token } = await subscription();
    const res = await POST(new Request(url(token), { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.net" } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ removed: true });
    expect(await remaining()).toBe(0);
  });

  it("the confirm page's form removes it and goes back to the page, done", async () => {
    const { token } = await subscription();
    const res = await POST(new Request(url(), { method: "POST", body: new URLSearchParams({ token }) }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/alerts/unsubscribe?done=1");
    expect(await remaining()).toBe(0);
  });

  it("a forged, altered, missing or oversized token is a 400 naming token, and changes nothing", async () => {
    const { sub, token } = await subscription();
    for (const bad of [alertUnsubscribeToken("another-secret", sub.id), `${token.slice(0, -2)}AA`, "", "x".repeat(500), `${sub.id}`]) {
      const res = await POST(new Request(url(bad), { method: "POST", body: "List-Unsubscribe=One-Click" }));
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: "BAD_INPUT", field: "token" });
    }
    const huge = await POST(new Request(url(token), { method: "POST", body: "a".repeat(10_000) }));
    expect(huge.status).toBe(413);
    expect(await remaining()).toBe(1);
  });
});
