import { randomUUID } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { eventSchemas } from "@/shared/events";
import type { DB } from "@/server/db/client";
import { fanOutAreaAlerts } from "@root/inngest/functions/fan-out-area-alerts";
import { sendAlertDigests } from "@root/inngest/functions/send-alert-digests";
import { sendAreaAlerts } from "@root/inngest/functions/send-area-alerts";
import { callerFor } from "../support/caller";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { expectConsoleError } from "../support/console-guard";
import { useResendStandin } from "../support/use-resend-standin";
import { openResult } from "./helpers";
import { queueAlertsOf, sendAlertMessages } from "@root/inngest/area-alert-delivery";
import { fileReport } from "./report-created";

const db = useTestDb();
const resend = useResendStandin({ APP_URL: "https://civiclens.example" });
beforeEach(async () => truncateAll(db()));

// Bengaluru's MG Road; a point 1 km north is ~0.009 degrees of latitude.
const HERE = { latitude: 12.9716, longitude: 77.5946 };
const north = (km: number) => ({ latitude: HERE.latitude + km * 0.008993, longitude: HERE.longitude });

async function subscriber(db: DB, sub: { radiusMeters?: number; categories?: ("roads" | "garbage")[]; frequency?: "immediate" | "daily"; channel?: "sms" | "email"; includeStatusChanges?: boolean; at?: { latitude: number; longitude: number }; locale?: "en" | "hi" } = {}) {
  const user = await createUser(db);
  await db.updateTable("users").set({ email: `${user.id.slice(0, 8)}@example.com`, email_verified_at: new Date(), locale: sub.locale ?? null }).where("id", "=", user.id).execute();
  const s = await callerFor(db, user).alerts.subscribe({ ...(sub.at ?? HERE), radiusMeters: sub.radiusMeters ?? 1000, categories: sub.categories, frequency: sub.frequency ?? "immediate", channel: sub.channel ?? "email", includeStatusChanges: sub.includeStatusChanges });
  return { user, sub: s };
}

const pendingEvents = async () =>
  (await db().selectFrom("event_outbox").selectAll().where("name", "=", "alert/pending.added").orderBy("seq").execute()).map((r) => ({ id: r.id, name: "alert/pending.added" as const, data: eventSchemas["alert/pending.added"].parse(r.data) }));
const alertMessages = () => db().selectFrom("messages").selectAll().where("kind", "=", "area_alert").orderBy("created_at").execute();

/**
 * A send-area-alerts run with its quiet period over at once (@inngest/test cannot run a sleep; stack
 * notes §2); `slept` records each sleep asked for.
 */
function sendEngine(slept: unknown[][] = []) {
  return new InngestTestEngine({
    function: sendAreaAlerts,
    transformCtx: (raw) => {
      const ctx = mockCtx(raw);
      (ctx.step as { sleep: unknown }).sleep = vi.fn(async (...args: unknown[]) => {
        slept.push(args);
      });
      return ctx;
    },
  });
}
const sendRun = async (event: Awaited<ReturnType<typeof pendingEvents>>[number]) => openResult((await sendEngine().execute({ events: [event] })).result);

async function fanOut(event: { id: string; name: "report/created"; data: unknown }) {
  const { result } = await new InngestTestEngine({ function: fanOutAreaAlerts }).execute({ events: [event as never] });
  return openResult(result);
}

describe("fan-out-area-alerts", () => {
  it("finds the circles holding the report (not the reporter's own, not other categories, not too far), once however often the event comes", async () => {
    const near = await subscriber(db(), { radiusMeters: 1000 });
    const inRoads = await subscriber(db(), { radiusMeters: 3000, categories: ["roads"], at: north(2) });
    const daily = await subscriber(db(), { frequency: "daily" });
    await subscriber(db(), { radiusMeters: 900, at: north(1) }); // 1 km away, radius 900 m: outside
    await subscriber(db(), { radiusMeters: 5000, categories: ["garbage"] }); // the wrong category
    const { event, user: reporter } = await fileReport(db(), { ...HERE, category: "roads" });
    await callerFor(db(), reporter).alerts.subscribe({ ...HERE, radiusMeters: 500, frequency: "immediate", channel: "sms" });

    expect(await fanOut(event)).toEqual({ immediate: 2 });
    expect(await fanOut(event)).toEqual({ immediate: 0 });

    const pending = await db().selectFrom("alert_pending").select(["user_id", "frequency"]).execute();
    expect(pending.map((p) => p.user_id).sort()).toEqual([near.user.id, inRoads.user.id, daily.user.id].sort());
    // One event for the alert (not one per subscriber): its run pages through the subscribers.
    expect((await pendingEvents()).map((e) => e.data)).toEqual([{ reportId: event.data.reportId, alertKey: `created:${event.data.reportId}` }]);
  });

  it("alerts of status changes only those who asked, never the reporter nor the moderator who made the change", async () => {
    const asked = await subscriber(db(), { includeStatusChanges: true });
    await subscriber(db());
    const moderator = await subscriber(db(), { includeStatusChanges: true });
    const { report, user: reporter } = await fileReport(db(), HERE);
    await callerFor(db(), reporter).alerts.subscribe({ ...HERE, radiusMeters: 500, frequency: "immediate", channel: "sms", includeStatusChanges: true });
    const changed = {
      id: randomUUID(),
      name: "report/status.changed" as const,
      data: { reportId: report.id, ref: report.ref, reporterId: reporter.id, from: "submitted", to: "acknowledged", action: "acknowledge" as const, actorId: moderator.user.id, note: null, at: new Date().toISOString() },
    };
    const { result } = await new InngestTestEngine({ function: fanOutAreaAlerts }).execute({ events: [changed] });
    expect(await openResult(result)).toEqual({ immediate: 1 });
    const rows = await db().selectFrom("alert_pending").selectAll().where("kind", "=", "status").execute();
    expect(rows.map((r) => [r.user_id, r.status])).toEqual([[asked.user.id, "acknowledged"]]);
  });
});

describe("send-area-alerts", () => {
  it("waits the quiet period (2 minutes) before telling anyone", async () => {
    await subscriber(db());
    await fanOut((await fileReport(db(), HERE)).event);
    const slept: unknown[][] = [];
    await sendEngine(slept).execute({ events: [(await pendingEvents())[0]!] });
    // The engine replays the function for each step: every replay asks for the same sleep.
    expect(slept.length).toBeGreaterThan(0);
    for (const call of slept) expect(call).toEqual(["quiet-period", 120_000]);
  });

  it("a burst of 20 reports sends ONE message listing them, with a one-click unsubscribe; a redelivery sends nothing more", async () => {
    const { user, sub } = await subscriber(db());
    for (let i = 0; i < 20; i++) {
      const { event } = await fileReport(db(), { ...north(i * 0.02), title: `Broken streetlight number ${i + 1}` });
      await fanOut(event);
    }
    const events = await pendingEvents();
    expect(events).toHaveLength(20);
    // The debounced run gets the last event of the burst.
    const last = events.at(-1)!;
    expect(await sendRun(last)).toEqual({ sent: 1, unchanged: 0, failed: 0, dropped: 0 });
    await sendRun(last);
    await sendRun(events[0]!);

    const rows = await alertMessages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: user.id, channel: "email", status: "sent" });
    expect(resend.sent).toHaveLength(1);
    const email = resend.sent[0]!.body as { subject: string; text: string; headers?: Record<string, string> };
    expect(email.subject).toBe("CivicLens: 20 new reports near you");
    for (let i = 1; i <= 20; i++) expect(email.text).toContain(`Broken streetlight number ${i}\n`.trimEnd());
    expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const oneClick = /^<(https:\/\/civiclens\.example\/api\/alerts\/unsubscribe\?token=[^>]+)>$/.exec(email.headers?.["List-Unsubscribe"] ?? "")?.[1];
    expect(oneClick).toBeDefined();
    const token = new URL(oneClick!).searchParams.get("token")!;
    expect(await callerFor(db()).alerts.unsubscribeByLink({ token })).toEqual({ removed: true });
    expect(await db().selectFrom("alert_subscriptions").select("id").where("id", "=", sub.id).execute()).toEqual([]);
  });

  it("writes a short SMS in the subscriber's language", async () => {
    const { user } = await subscriber(db(), { channel: "sms", locale: "hi" });
    for (let i = 0; i < 5; i++) await fanOut((await fileReport(db(), HERE)).event);
    await sendRun((await pendingEvents()).at(-1)!);
    const [sms] = await alertMessages();
    expect(sms).toMatchObject({ user_id: user.id, channel: "sms", status: "sent" });
    expect(sms!.body).toMatch(/^CivicLens: आपके क्षेत्र में 5 रिपोर्टें: [^ ]+, [^ ]+, [^ ]+ \+2। https:\/\/civiclens\.example\/reports\?at=/);
    expect(sms!.body).toContain("https://civiclens.example/alerts/unsubscribe?token=");
    expect(sms!.body.length).toBeLessThan(320);
  });

  it("drops what a subscriber can no longer be told (email unverified since) instead of retrying for ever", async () => {
    const { user } = await subscriber(db());
    await fanOut((await fileReport(db(), HERE)).event);
    await db().updateTable("users").set({ email_verified_at: null }).where("id", "=", user.id).execute();
    expect(await sendRun((await pendingEvents())[0]!)).toEqual({ sent: 0, unchanged: 0, failed: 0, dropped: 1 });
    expect(await alertMessages()).toEqual([]);
  });
});

describe("send-area-alerts, a page of subscribers at once", () => {
  it("queues every subscriber's message in one statement, each in their language and channel", async () => {
    const subs = [
      await subscriber(db(), { locale: "en", channel: "email" }),
      await subscriber(db(), { locale: "hi", channel: "email" }),
      await subscriber(db(), { locale: "en", channel: "sms" }),
      await subscriber(db(), { locale: "hi", channel: "sms" }),
    ];
    await fanOut((await fileReport(db(), { ...HERE, title: "Overflowing drain by the school" })).event);
    expect(await sendRun((await pendingEvents())[0]!)).toEqual({ sent: 4, unchanged: 0, failed: 0, dropped: 0 });

    const rows = await alertMessages();
    expect(rows.map((r) => [r.user_id, r.channel, r.status]).sort()).toEqual(subs.map((s, i) => [s.user.id, i % 4 < 2 ? "email" : "sms", "sent"]).sort());
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBe(1);
    const of = (i: number) => rows.find((r) => r.user_id === subs[i]!.user.id)!;
    expect(of(0).subject).toBe("CivicLens: 1 new report near you");
    expect(of(1).subject).not.toBe(of(0).subject);
    expect(of(1).subject).toMatch(/[\u0900-\u097F]/);
    expect(of(2).body).toMatch(/^CivicLens: /);
    expect(of(3).body).toMatch(/आपके क्षेत्र में/);
    // Each message carries its own subscription's unsubscribe link.
    for (const [i, s] of subs.entries()) expect(of(i).body).toContain(`unsubscribe?token=${s.sub.id}.`);
  });

  it("a burst across runs: an earlier report's run leaves a subscriber with a newer alert to that alert's run, and tells the others", async () => {
    const inBoth = await subscriber(db(), { radiusMeters: 3000 });
    const onlyFirst = await subscriber(db(), { radiusMeters: 500 });
    await fanOut((await fileReport(db(), HERE)).event);
    await fanOut((await fileReport(db(), north(2))).event);
    const [first, second] = await pendingEvents();

    expect(await sendRun(first!)).toEqual({ sent: 1, unchanged: 0, failed: 0, dropped: 0 });
    expect((await alertMessages()).map((m) => m.user_id)).toEqual([onlyFirst.user.id]);
    expect(await sendRun(second!)).toEqual({ sent: 1, unchanged: 0, failed: 0, dropped: 0 });
    const both = (await alertMessages()).find((m) => m.user_id === inBoth.user.id)!;
    expect(both.subject).toBe("CivicLens: 2 new reports near you");
  });

  it("still takes an event of the shape before 2026-12-06 (one subscriber): tells them once, and the other subscriber's run tells only them", async () => {
    const queuedBefore = await subscriber(db());
    const other = await subscriber(db());
    const { report, event } = await fileReport(db(), HERE);
    await fanOut(event);
    // What the fan-out wrote before the change: an event per subscriber, by user and report.
    const legacy = { id: randomUUID(), name: "alert/pending.added" as const, data: { userId: queuedBefore.user.id, reportId: report.id } };
    expect(await sendRun(legacy as never)).toEqual({ sent: 1, unchanged: 0, failed: 0, dropped: 0 });
    expect(await sendRun(legacy as never)).toEqual({ sent: 0, unchanged: 0, failed: 0, dropped: 0 });
    expect((await alertMessages()).map((m) => m.user_id)).toEqual([queuedBefore.user.id]);
    // The new-shape event of the same alert tells the other subscriber, and the first not again.
    expect(await sendRun((await pendingEvents())[0]!)).toEqual({ sent: 1, unchanged: 0, failed: 0, dropped: 0 });
    expect((await alertMessages()).map((m) => m.user_id).sort()).toEqual([queuedBefore.user.id, other.user.id].sort());
    // An event of neither shape is refused by the trigger's schema, not run.
    expectConsoleError(/EventValidationError/);
    const { error } = await sendEngine().execute({ events: [{ id: randomUUID(), name: "alert/pending.added", data: { reportId: report.id } } as never] });
    expect((error as { name?: string }).name).toBe("EventValidationError");
    expect(await alertMessages()).toHaveLength(2);
  });

  it("a retried queue or send step queues and sends nothing twice", async () => {
    const subs = [await subscriber(db()), await subscriber(db(), { channel: "sms" }), await subscriber(db(), { locale: "hi" })];
    await fanOut((await fileReport(db(), HERE)).event);
    const [event] = await pendingEvents();
    const users = subs.map((s) => s.user.id);

    const first = await queueAlertsOf(users, "immediate", event!.data.alertKey);
    expect(first.queued).toBe(3);
    // The step failed after queueing and runs again: it finds the messages it queued, unsent.
    const again = await queueAlertsOf(users, "immediate", event!.data.alertKey);
    expect(again.queued).toBe(0);
    expect([...again.messageIds].sort()).toEqual([...first.messageIds].sort());
    expect(await sendAlertMessages(again.messageIds)).toEqual({ sent: 3, unchanged: 0, failed: 0 });
    expect(await sendAlertMessages(first.messageIds)).toEqual({ sent: 0, unchanged: 3, failed: 0 });
    expect(await queueAlertsOf(users, "immediate", event!.data.alertKey)).toEqual({ messageIds: [], queued: 0, dropped: 0 });
    expect(await alertMessages()).toHaveLength(3);
    expect(resend.sent).toHaveLength(2);
  });
});

describe("send-alert-digests", () => {
  it("sends one digest per daily subscription with its day's reports, and nothing twice", async () => {
    const a = await subscriber(db(), { frequency: "daily" });
    const b = await subscriber(db(), { frequency: "daily", at: north(3) });
    await subscriber(db()); // immediate: not in the digest
    for (let i = 0; i < 3; i++) await fanOut((await fileReport(db(), HERE)).event);
    await fanOut((await fileReport(db(), north(3))).event);

    const run = () => new InngestTestEngine({ function: sendAlertDigests }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} } as never] });
    expect(await openResult((await run()).result)).toEqual({ subscribers: 2, sent: 2, unchanged: 0, failed: 0, dropped: 0 });
    expect(await openResult((await run()).result)).toEqual({ subscribers: 0, sent: 0, unchanged: 0, failed: 0, dropped: 0 });

    const rows = await alertMessages();
    expect(rows.map((r) => r.user_id).sort()).toEqual([a.user.id, b.user.id].sort());
    const subjects = resend.sent.map((s) => (s.body as { subject: string }).subject).sort();
    expect(subjects).toEqual(["CivicLens daily digest: 1 report near you", "CivicLens daily digest: 3 reports near you"]);
  });
});
