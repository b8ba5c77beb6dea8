import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/server/config/env";
import type { User } from "@/server/db/schema";
import { myReportsEventsResponse, queueEventsResponse, reportEventsResponse, streamClientKey } from "@/server/live/live-routes";
import { openStreams } from "@/server/live/open-streams";
import { reportChanges } from "@/server/live/report-changes";
import { callerFor } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const timing = { coalesceMs: 20, heartbeatMs: 60_000 };
const open: Array<{ abort: AbortController; reader: ReadableStreamDefaultReader<Uint8Array> | null }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) o.abort.abort();
  // Every stream ended: no listener is left behind.
  await expect.poll(() => reportChanges(db()).size).toBe(0);
});

async function cookieFor(user: User) {
  const jwt = await encode({ token: { uid: user.id, role: user.role, phone: user.phone, sid: randomUUID(), epoch: 0 }, secret: env().NEXTAUTH_SECRET });
  return `next-auth.session-token=${jwt}`;
}

function request(path: string, opts: { cookie?: string; lastEventId?: string } = {}) {
  const abort = new AbortController();
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  return { abort, req: new Request(`http://localhost${path}`, { headers, signal: abort.signal }) };
}

interface SseEvent {
  event: string;
  id?: string;
  data?: unknown;
}

/** A client of one stream: its events as they come, and whether the server ended it. */
function follow(res: Response, abort: AbortController) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const entry = { abort, reader };
  open.push(entry);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  let buffer = "";
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: SseEvent = { event: "message" };
        let isEvent = false;
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) comments.push(line);
          else if (line.startsWith("event: ")) {
            e.event = line.slice(7);
            isEvent = true;
          }
          else if (line.startsWith("id: ")) e.id = line.slice(4);
          else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
        }
        if (isEvent) events.push(e);
      }
    }
    ended = true;
  })();
  return {
    events,
    comments,
    changes: () => events.filter((e) => e.event === "changed"),
    get ended() {
      return ended;
    },
  };
}

async function fileReport(user: User, title = "Deep pothole near the bus stop") {
  return callerFor(db(), user).reports.create(reportInput({ title }));
}

async function versionOf(reportId: string) {
  return (await db().selectFrom("reports").select("version").where("id", "=", reportId).executeTakeFirstOrThrow()).version;
}

async function moderate(mod: User, reportId: string, action: "acknowledge" | "reject" = "acknowledge") {
  await callerFor(db(), mod).admin.moderate({ reportId, version: await versionOf(reportId), action, note: "Seen.", ...(action === "reject" ? { rejectReason: "spam" as const } : {}) });
}

/** Long enough for a notification that was going to arrive to have arrived. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe("GET /api/reports/{reportId}/events", () => {
  it("tells a visitor when the report they watch changes, and not when another one does", async () => {
    const [citizen, mod] = [await createUser(db()), await createUser(db(), { role: "moderator" })];
    const watched = await fileReport(citizen);
    const other = await fileReport(citizen, "Streetlight out on the corner");
    const { req, abort } = request(`/api/reports/${watched.ref}/events`);
    const stream = follow(await reportEventsResponse(req, watched.ref, timing), abort);
    await expect.poll(() => stream.events.map((e) => e.event)).toEqual(["ready"]);

    await moderate(mod, other.id);
    await settle();
    expect(stream.changes()).toEqual([]);

    await moderate(mod, watched.id);
    await expect.poll(() => stream.changes().length).toBe(1);
    // Nothing about the report travels on the stream: the page asks byId, which applies its own rules.
    expect(stream.changes()[0]!.data).toEqual({});
    // A supporter's "me too" changes the count on the page: an event too.
    await callerFor(db(), await createUser(db())).reports.support({ reportId: watched.id });
    await expect.poll(() => stream.changes().length).toBe(2);
  });

  it("answers a hidden report exactly as a missing one, and lets its reporter and staff watch it", async () => {
    const [citizen, mod, stranger] = [await createUser(db()), await createUser(db(), { role: "moderator" }), await createUser(db())];
    const report = await fileReport(citizen);
    await moderate(mod, report.id, "reject");

    const hidden = await reportEventsResponse(request(`/api/reports/${report.ref}/events`, { cookie: await cookieFor(stranger) }).req, report.ref, timing);
    const missing = await reportEventsResponse(request(`/api/reports/CL-2026-999999/events`).req, "CL-2026-999999", timing);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    expect(hidden.headers.get("content-type")).toMatch(/json/);

    for (const who of [citizen, mod]) {
      const { req, abort } = request(`/api/reports/${report.id}/events`, { cookie: await cookieFor(who) });
      const stream = follow(await reportEventsResponse(req, report.id, timing), abort);
      await expect.poll(() => stream.events[0]?.event).toBe("ready");
    }
  });

  it("refuses a malformed id naming reportId, before any stream", async () => {
    const res = await reportEventsResponse(request("/api/reports/x/events").req, "nope\u0000", timing);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "reportId" } });
    expect(reportChanges(db()).size).toBe(0);
  });

  it("ends the stream of a visitor when the report leaves their sight", async () => {
    const [citizen, mod] = [await createUser(db()), await createUser(db(), { role: "moderator" })];
    const report = await fileReport(citizen);
    const { req, abort } = request(`/api/reports/${report.ref}/events`);
    const stream = follow(await reportEventsResponse(req, report.ref, timing), abort);
    await expect.poll(() => stream.events.length).toBe(1);
    await moderate(mod, report.id, "reject");
    await expect.poll(() => stream.ended).toBe(true);
    expect(stream.changes()).toEqual([]);
  });

  it("sends a change at once to a client that comes back with Last-Event-ID, with retry and ids", async () => {
    const report = await fileReport(await createUser(db()));
    const { req, abort } = request(`/api/reports/${report.ref}/events`, { lastEventId: "abc-1" });
    const res = await reportEventsResponse(req, report.ref, timing);
    expect(res.headers.get("cache-control")).toContain("no-transform");
    const stream = follow(res, abort);
    await expect.poll(() => stream.events.map((e) => e.event)).toEqual(["ready", "changed"]);
    expect(stream.events.every((e) => typeof e.id === "string" && e.id.length > 0)).toBe(true);
  });

  it("releases the shared listener when the client goes away, by abort or by cancel", async () => {
    const report = await fileReport(await createUser(db()));
    const feed = reportChanges(db());
    const first = request(`/api/reports/${report.ref}/events`);
    const second = request(`/api/reports/${report.ref}/events`);
    const a = await reportEventsResponse(first.req, report.ref, timing);
    const b = await reportEventsResponse(second.req, report.ref, timing);
    expect(feed.size).toBe(2);
    expect(feed.listening).toBe(true);
    const before = openStreams().open;

    first.abort.abort();
    await expect.poll(() => feed.size).toBe(1);
    await b.body!.cancel();
    await expect.poll(() => feed.size).toBe(0);
    // The last one out closes the LISTEN itself.
    expect(feed.listening).toBe(false);
    expect(openStreams().open).toBe(before - 2);
    await a.body!.cancel().catch(() => {});
  });

  it("refuses a stream past LIVE_STREAMS_MAX with a 503 and Retry-After", async () => {
    const report = await fileReport(await createUser(db()));
    const streams = openStreams();
    const taken: Array<() => void> = [];
    for (let release = streams.take(env().LIVE_STREAMS_MAX); release; release = streams.take(env().LIVE_STREAMS_MAX)) taken.push(release);
    try {
      const res = await reportEventsResponse(request(`/api/reports/${report.ref}/events`).req, report.ref, timing);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("10");
      expect(reportChanges(db()).size).toBe(0);
    } finally {
      for (const release of taken) release();
    }
  });

  it("refuses one caller past LIVE_STREAMS_PER_CLIENT, and still serves everyone else", async () => {
    const report = await fileReport(await createUser(db()));
    const citizen = await createUser(db());
    const cookie = await cookieFor(citizen);
    const streams = openStreams();
    const mine = streamClientKey(request("/", { cookie }).req, citizen);
    const taken: Array<() => void> = [];
    for (let i = 0; i < env().LIVE_STREAMS_PER_CLIENT; i++) taken.push(streams.take(env().LIVE_STREAMS_MAX, { key: mine, max: env().LIVE_STREAMS_PER_CLIENT })!);
    try {
      const refused = await reportEventsResponse(request(`/api/reports/${report.ref}/events`, { cookie }).req, report.ref, timing);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("10");
      // A visitor and another citizen are not held back by the first one's streams.
      const visitor = request(`/api/reports/${report.ref}/events`);
      follow(await reportEventsResponse(visitor.req, report.ref, timing), visitor.abort);
      const other = request(`/api/reports/${report.ref}/events`, { cookie: await cookieFor(await createUser(db())) });
      follow(await reportEventsResponse(other.req, report.ref, timing), other.abort);
    } finally {
      for (const release of taken) release();
    }
    expect(streams.openFor(mine)).toBe(0);
    const again = request(`/api/reports/${report.ref}/events`, { cookie });
    follow(await reportEventsResponse(again.req, report.ref, timing), again.abort);
    expect(streams.openFor(mine)).toBe(1);
  });
});

describe("GET /api/me/reports/events", () => {
  it("needs a session that stands", async () => {
    expect((await myReportsEventsResponse(request("/api/me/reports/events").req, timing)).status).toBe(401);
    const forged = await myReportsEventsResponse(request("/api/me/reports/events", { cookie: "next-auth.session-token=forged" }).req, timing);
    expect(forged.status).toBe(401);
  });

  it("tells a citizen of changes to their own reports only", async () => {
    const [me, neighbour, mod] = [await createUser(db()), await createUser(db()), await createUser(db(), { role: "moderator" })];
    const mine = await fileReport(me);
    const theirs = await fileReport(neighbour);
    const { req, abort } = request("/api/me/reports/events", { cookie: await cookieFor(me) });
    const stream = follow(await myReportsEventsResponse(req, timing), abort);
    await expect.poll(() => stream.events.length).toBe(1);

    await moderate(mod, theirs.id);
    await fileReport(neighbour, "Garbage not collected for a week");
    await settle();
    expect(stream.changes()).toEqual([]);

    await moderate(mod, mine.id);
    await expect.poll(() => stream.changes().map((e) => e.data)).toEqual([{ reportId: mine.id }]);
  });
});

describe("GET /api/admin/queue/events", () => {
  it("is for moderators and admins only", async () => {
    expect((await queueEventsResponse(request("/api/admin/queue/events").req, timing)).status).toBe(401);
    const citizen = await createUser(db());
    expect((await queueEventsResponse(request("/api/admin/queue/events", { cookie: await cookieFor(citizen) }).req, timing)).status).toBe(403);
    expect(reportChanges(db()).size).toBe(0);
  });

  it("tells a moderator when a citizen files a report", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const { req, abort } = request("/api/admin/queue/events", { cookie: await cookieFor(admin) });
    const stream = follow(await queueEventsResponse(req, timing), abort);
    await expect.poll(() => stream.events.length).toBe(1);
    const report = await fileReport(await createUser(db()));
    await expect.poll(() => stream.changes().map((e) => e.data)).toEqual([{ reportId: report.id }]);
  });

  it("hears a bulk write as one change of everything", async () => {
    const mod = await createUser(db(), { role: "moderator" });
    const { req, abort } = request("/api/admin/queue/events", { cookie: await cookieFor(mod) });
    const stream = follow(await queueEventsResponse(req, timing), abort);
    await expect.poll(() => stream.events.length).toBe(1);
    const citizen = await createUser(db());
    await db()
      .insertInto("reports")
      .values(Array.from({ length: 150 }, (_, i) => ({ reporter_id: citizen.id, title: `Bulk ${i}`, description: "Loaded in one statement.", latitude: 12.97, longitude: 77.59, severity: "low" as const, citizen_severity: "low" as const })))
      .execute();
    await expect.poll(() => stream.changes().length).toBeGreaterThan(0);
    await settle();
    expect(stream.changes().map((e) => e.data)).toEqual([{}]);
  });
});

describe("the route file", () => {
  it("refuses a malformed escape in the path as bad input, not a failure", async () => {
    const { GET } = await import("@/app/api/reports/[reportId]/events/route");
    const res = await GET(request("/api/reports/%E0%A4%A/events").req, { params: Promise.resolve({ reportId: "%E0%A4%A" }) });
    expect(res.status).toBe(400);
  });
});
