import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { createDb, setDb } from "@/server/db/client";
import { getSendEvidence, judgeEventDelivery, type DeliveryFacts } from "@/server/domain/event-delivery";
import { env } from "@/server/config/env";
import { setEnv } from "../inngest/helpers";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const at = (iso: string) => new Date(iso);
const answering: DeliveryFacts = { mode: "dev", hasEventKey: false, eventApiAnswers: true, evidence: { lastSentAt: null, lastFailedAt: null, lastError: null } };

describe("judgeEventDelivery", () => {
  it("can send when the event API answers and no send has failed since the last success", () => {
    expect(judgeEventDelivery(answering)).toEqual({ canSend: true, reason: null });
    const recovered = { lastSentAt: at("2026-12-05T10:01:00Z"), lastFailedAt: at("2026-12-05T10:00:00Z"), lastError: "fetch failed" };
    expect(judgeEventDelivery({ ...answering, evidence: recovered }).canSend).toBe(true);
    expect(judgeEventDelivery({ ...answering, mode: "cloud", hasEventKey: true }).canSend).toBe(true);
  });

  it("cannot when the event API does not answer, a send failed after the last success, or cloud mode has no event key", () => {
    expect(judgeEventDelivery({ ...answering, eventApiAnswers: false })).toEqual({ canSend: false, reason: "the Inngest event API does not answer" });
    const failing = { lastSentAt: at("2026-12-05T10:00:00Z"), lastFailedAt: at("2026-12-05T10:01:00Z"), lastError: "Inngest API Error: 401 Event key not found" };
    expect(judgeEventDelivery({ ...answering, evidence: failing })).toEqual({ canSend: false, reason: "the last send, at 2026-12-05T10:01:00.000Z, failed: Inngest API Error: 401 Event key not found" });
    expect(judgeEventDelivery({ ...answering, evidence: { ...failing, lastSentAt: null } }).canSend).toBe(false);
    expect(judgeEventDelivery({ ...answering, mode: "cloud", hasEventKey: false })).toEqual({ canSend: false, reason: "INNGEST_EVENT_KEY is not set: Inngest refuses events without it" });
  });
});

describe("getSendEvidence", () => {
  it("reads the latest success and the latest failed attempt of a row still pending", async () => {
    expect(await getSendEvidence(db())).toEqual({ lastSentAt: null, lastFailedAt: null, lastError: null });
    await db()
      .insertInto("event_outbox")
      .values([
        { name: "a/b.c", data: "{}", sent_at: at("2026-12-05T10:00:00Z") },
        { name: "a/b.c", data: "{}", sent_at: at("2026-12-05T10:02:00Z"), last_attempt_at: at("2026-12-05T10:02:00Z") },
        { name: "a/b.c", data: "{}", last_error: "fetch failed", attempts: 2, last_attempt_at: at("2026-12-05T10:01:00Z") },
        { name: "a/b.c", data: "{}", last_error: "older", attempts: 1, last_attempt_at: at("2026-12-05T09:00:00Z") },
        { name: "a/b.c", data: "{}" }, // never tried
      ])
      .execute();
    expect(await getSendEvidence(db())).toEqual({ lastSentAt: at("2026-12-05T10:02:00Z"), lastFailedAt: at("2026-12-05T10:01:00Z"), lastError: "fetch failed" });
  });
});

describe("GET /api/health", () => {
  let server: Server;
  let status = 200;
  let restoreEnv: () => void;
  beforeAll(async () => {
    // A stand-in for the event API: only whether and how it answers matters here.
    server = createServer((_req, res) => res.writeHead(status).end("{}"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    restoreEnv = setEnv({ INNGEST_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    restoreEnv();
    await new Promise((r) => server.close(r));
  });

  async function cookieFor(role: "citizen" | "moderator" | "admin") {
    const user = await createUser(db(), { role });
    const jwt = await encode({ token: { uid: user.id, role, phone: user.phone, sid: randomUUID(), epoch: 0 }, secret: env().NEXTAUTH_SECRET });
    return `next-auth.session-token=${jwt}`;
  }
  const health = (cookie?: string) => GET(new Request("http://localhost/api/health", { headers: cookie ? { cookie } : {} }));

  it("tells the public, citizens and ended staff sessions up, nothing more", async () => {
    await db().insertInto("event_outbox").values({ name: "a/b.c", data: "{}", last_error: "fetch failed", attempts: 1, last_attempt_at: new Date() }).execute();
    const ended = await cookieFor("moderator");
    // "Sign out everywhere" (or a role change) moves the account's epoch: that cookie no longer stands.
    await db().updateTable("users").set({ session_epoch: 1 }).where("role", "=", "moderator").execute();
    for (const cookie of [undefined, await cookieFor("citizen"), "next-auth.session-token=forged", ended]) {
      const res = await health(cookie);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
  });

  it("gives staff the database, the outbox and whether events can be sent", async () => {
    status = 200;
    const res = await health(await cookieFor("moderator"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: { up: true, latencyMs: expect.any(Number) },
      outbox: { pending: 0, oldestPendingAgeSeconds: null, lastError: null },
      inngest: { mode: "dev", reachable: true, reason: null },
    });
  });

  it("says events cannot be sent when the event API answers but the latest send failed", async () => {
    status = 200;
    await db().insertInto("event_outbox").values({ name: "a/b.c", data: "{}", sent_at: new Date(Date.now() - 60_000) }).execute();
    await db().insertInto("event_outbox").values({ name: "a/b.c", data: "{}", last_error: "Inngest API Error: 401 Event key not found", attempts: 1, last_attempt_at: new Date() }).execute();
    const body = await (await health(await cookieFor("admin"))).json();
    expect(body.outbox).toMatchObject({ pending: 1, lastError: "Inngest API Error: 401 Event key not found" });
    expect(body.inngest).toMatchObject({ reachable: false, reason: expect.stringMatching(/^the last send, at .+, failed: Inngest API Error: 401/) });
  });

  it("says the worker is unreachable when the event API answers only with a 5xx, and in cloud mode without an event key", async () => {
    status = 502;
    // Another address, so the probe is not answered from the 10 s cache of an earlier test.
    const restore = setEnv({ INNGEST_BASE_URL: `http://localhost:${(server.address() as AddressInfo).port}` });
    try {
      const body = await (await health(await cookieFor("moderator"))).json();
      expect(body.inngest).toEqual({ mode: "dev", reachable: false, reason: "the Inngest event API does not answer" });
    } finally {
      restore();
      status = 200;
    }
    const cloud = setEnv({ INNGEST_DEV: "0" });
    try {
      const body = await (await health(await cookieFor("moderator"))).json();
      expect(body.inngest).toEqual({ mode: "cloud", reachable: false, reason: "INNGEST_EVENT_KEY is not set: Inngest refuses events without it" });
    } finally {
      cloud();
    }
  });

  it("answers 503 with the status only when the database does not answer", async () => {
    const down = createDb({ databaseUrl: "postgres://nobody:nothing@127.0.0.1:9/none" });
    setDb(down);
    try {
      const res = await health(await cookieFor("admin").catch(() => undefined));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable" });
    } finally {
      setDb(db());
      await down.destroy();
    }
  });
});
