import { beforeEach, describe, expect, it } from "vitest";
import { ALERT_MAX_WAIT_MS, claimAlertBatch, claimAlertBatches, pendingAlertBatches, pendingAlertBatchesOf, settledSubscribers } from "@/server/domain/alerts/alert-batches";
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

  it("queues a page of subscribers' messages in one statement, in each one's language; a retried step queues nothing again", async () => {
    const en = await createUser(db());
    const hi = await createUser(db());
    const taken = await createUser(db());
    await db().updateTable("users").set({ locale: "hi" }).where("id", "=", hi.id).execute();
    for (const u of [en, hi, taken]) await callerFor(db(), u).alerts.subscribe({ ...HERE, radiusMeters: 1000, frequency: "immediate", channel: "sms" });
    const { event } = await fileReport(db(), HERE);
    await recordAreaAlerts(db(), { reportId: event.data.reportId, reporterId: event.data.reporterId, ...HERE, category: null }, { kind: "created" });
    const { batches } = await pendingAlertBatchesOf(db(), [en.id, hi.id, taken.id], "immediate");
    expect(batches.map((b) => [b.userId, b.locale]).sort()).toEqual([[en.id, "en"], [hi.id, "hi"], [taken.id, "en"]].sort());
    // Another run told `taken` first: the page queues the others and leaves that one out.
    await claimAlertBatch(db(), batches.find((b) => b.userId === taken.id)!, content);
    const page = batches.map((batch) => ({ batch, content: { ...content, body: `for ${batch.locale}` } }));

    const queued = await claimAlertBatches(db(), page);
    expect(queued.map((m) => [m.user_id, m.body]).sort()).toEqual([[en.id, "for en"], [hi.id, "for hi"]].sort());
    // One statement, one transaction: the rows share its start time.
    expect(new Set(queued.map((m) => m.created_at.getTime())).size).toBe(1);
    expect(await claimAlertBatches(db(), page)).toEqual([]);
    expect(await db().selectFrom("messages").select("user_id").execute()).toHaveLength(3);
    expect(await db().selectFrom("alert_pending").select("id").where("message_id", "is", null).execute()).toEqual([]);
  });

  it("the debounce: an alert key's run tells a subscriber only when it is their newest untold alert, or the oldest has waited the cap", () => {
    const now = new Date("2026-12-06T08:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const rows = [
      { id: "1", user_id: "burst", alert_key: "created:a", created_at: ago(150_000) },
      { id: "4", user_id: "burst", alert_key: "created:b", created_at: ago(30_000) },
      { id: "2", user_id: "quiet", alert_key: "created:a", created_at: ago(150_000) },
      { id: "3", user_id: "capped", alert_key: "created:a", created_at: ago(ALERT_MAX_WAIT_MS) },
      { id: "10", user_id: "capped", alert_key: "created:c", created_at: ago(10_000) },
    ];
    expect([...settledSubscribers(rows, "created:a", now)].sort()).toEqual(["capped", "quiet"]);
    expect([...settledSubscribers(rows, "created:b", now)].sort()).toEqual(["burst", "capped"]);
    // Ids compare as numbers, not strings ("10" is newer than "3").
    expect([...settledSubscribers(rows, "created:c", now)]).toEqual(["capped"]);
  });
});
