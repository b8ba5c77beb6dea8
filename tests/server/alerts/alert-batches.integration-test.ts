import { beforeEach, describe, expect, it } from "vitest";
import { claimAlertBatch, pendingAlertBatches } from "@/server/domain/alerts/alert-batches";
import { matchingSubscriptions, recordAreaAlerts } from "@/server/domain/alerts/match";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { fileReport } from "../../inngest/report-created";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const HERE = { latitude: 12.9716, longitude: 77.5946 };
const content = { kind: "area_alert", subject: null, body: "CivicLens: 1 report in your area", html: null, provider: "dev-sms" };

describe("area alert rules against the database", () => {
  it("a circle holds a point exactly up to its radius (the exact distance, not just the box)", async () => {
    const user = await createUser(db());
    await callerFor(db(), user).alerts.subscribe({ ...HERE, radiusMeters: 1000, frequency: "daily", channel: "sms" });
    const at = (dLat: number, dLng: number) => ({ reportId: "00000000-0000-0000-0000-000000000000", reporterId: "00000000-0000-0000-0000-000000000001", latitude: HERE.latitude + dLat, longitude: HERE.longitude + dLng, category: null });
    const count = async (p: ReturnType<typeof at>) => (await matchingSubscriptions(db(), p).select("s.id").execute()).length;
    expect(await count(at(0.0089, 0))).toBe(1); // ~990 m north
    expect(await count(at(0.0091, 0))).toBe(0); // ~1012 m north
    // In the bounding box's corner, but ~1.3 km away: the box alone would have matched it.
    expect(await count(at(0.0085, 0.0087))).toBe(0);
  });

  it("two runs claiming the same alerts at once queue one message; the loser sends nothing", async () => {
    const user = await createUser(db());
    await callerFor(db(), user).alerts.subscribe({ ...HERE, radiusMeters: 1000, frequency: "immediate", channel: "sms" });
    const { event } = await fileReport(db(), HERE);
    expect(await recordAreaAlerts(db(), { reportId: event.data.reportId, reporterId: event.data.reporterId, ...HERE, category: null }, { kind: "created" })).toEqual({ immediate: 1 });
    const [a, b] = await Promise.all([pendingAlertBatches(db(), user.id, "immediate"), pendingAlertBatches(db(), user.id, "immediate")]);
    const claimed = await Promise.all([claimAlertBatch(db(), a.batches[0]!, content), claimAlertBatch(db(), b.batches[0]!, content)]);
    expect(claimed.filter(Boolean)).toHaveLength(1);
    const messages = await db().selectFrom("messages").select(["id", "user_id"]).execute();
    expect(messages).toEqual([{ id: claimed.find(Boolean)!.id, user_id: user.id }]);
    expect((await pendingAlertBatches(db(), user.id, "immediate")).batches).toEqual([]);
  });
});
