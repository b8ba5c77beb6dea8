import { createServer, type Socket } from "node:net";
import { Inngest } from "inngest";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { getOutboxStats } from "@/server/outbox/queries";
import { relayOutbox, type SendEvents } from "@/server/outbox/relay";
import { fetchWithin } from "@/server/outbox/sender";
import { truncateAll, useTestDb } from "../../support/test-db";
import { pendingSignIns } from "./pending-events";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const enqueue = (n: number) => pendingSignIns(db(), n);

/** A fake Inngest event API: records every id it accepted; can be switched off. */
function fakeInngest() {
  const received: string[] = [];
  let up = true;
  const send: SendEvents = async (events) => {
    if (!up) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    await new Promise((r) => setTimeout(r, 5));
    received.push(...events.map((e) => e.id));
    return { ids: events.map((e) => e.id) };
  };
  return { send, received, setUp: (v: boolean) => (up = v) };
}

const expireLeases = () => sql`update event_outbox set locked_until = now() - interval '1 second' where sent_at is null`.execute(db());

describe("relayOutbox", () => {
  it("sends pending rows in order with the row id as the event id, and marks them sent", async () => {
    const ids = await enqueue(3);
    const inngest = fakeInngest();
    expect(await relayOutbox(db(), inngest.send)).toEqual({ sent: 3, failed: 0, error: null, more: false });
    expect(inngest.received).toEqual(ids);
    expect((await getOutboxStats(db())).pending).toBe(0);
    expect(await relayOutbox(db(), inngest.send)).toEqual({ sent: 0, failed: 0, error: null, more: false });
  });

  it("stops a pass at its batch limit and says more may be pending; the next pass sends the rest", async () => {
    const ids = await enqueue(5);
    const inngest = fakeInngest();
    expect(await relayOutbox(db(), inngest.send, { batchSize: 2, maxBatches: 2 })).toEqual({ sent: 4, failed: 0, error: null, more: true });
    expect(await relayOutbox(db(), inngest.send, { batchSize: 2, maxBatches: 2 })).toEqual({ sent: 1, failed: 0, error: null, more: false });
    expect(inngest.received).toEqual(ids);
  });

  it("keeps rows pending with the error while Inngest is down, then delivers each exactly once", async () => {
    const ids = await enqueue(2);
    const inngest = fakeInngest();
    inngest.setUp(false);
    const down = await relayOutbox(db(), inngest.send);
    expect(down).toMatchObject({ sent: 0, failed: 2, error: "fetch failed (ECONNREFUSED)" });
    const rows = await db().selectFrom("event_outbox").selectAll().execute();
    expect(rows.every((r) => r.sent_at === null && r.attempts === 1 && r.last_error === "fetch failed (ECONNREFUSED)")).toBe(true);
    const stats = await getOutboxStats(db());
    expect(stats).toMatchObject({ pending: 2, failing: 2, lastError: "fetch failed (ECONNREFUSED)" });

    // Backoff: an immediate second pass does not hammer Inngest.
    expect(await relayOutbox(db(), inngest.send)).toEqual({ sent: 0, failed: 0, error: null, more: false });

    inngest.setUp(true);
    await expireLeases();
    expect(await relayOutbox(db(), inngest.send)).toMatchObject({ sent: 2, failed: 0 });
    expect(inngest.received.sort()).toEqual([...ids].sort());
    const sent = await db().selectFrom("event_outbox").selectAll().execute();
    expect(sent.every((r) => r.sent_at !== null && r.last_error === null)).toBe(true);
  });

  it("never lets concurrent relays send the same row twice", async () => {
    const ids = await enqueue(250);
    const inngest = fakeInngest();
    const results = await Promise.all([1, 2, 3, 4].map(() => relayOutbox(db(), inngest.send, { batchSize: 20 })));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(250);
    expect(inngest.received).toHaveLength(250);
    expect(new Set(inngest.received).size).toBe(250);
    expect(new Set(inngest.received)).toEqual(new Set(ids));
  });

  it("re-sends a row whose relay died after claiming it (the lease runs out); Inngest dedupes by id", async () => {
    const [id] = await enqueue(1);
    // A relay claims the row and dies before sending or marking it.
    await sql`update event_outbox set locked_until = now() + interval '30 seconds', attempts = 1`.execute(db());
    const inngest = fakeInngest();
    expect(await relayOutbox(db(), inngest.send)).toMatchObject({ sent: 0 });
    await expireLeases();
    expect(await relayOutbox(db(), inngest.send)).toMatchObject({ sent: 1 });
    expect(inngest.received).toEqual([id]);
  });

  it("reports how old the oldest pending event is", async () => {
    await enqueue(1);
    await sql`update event_outbox set created_at = now() - interval '150 seconds'`.execute(db());
    const stats = await getOutboxStats(db());
    expect(stats.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(149);
    expect(stats.oldestPendingAgeSeconds).toBeLessThan(160);
  });

  it("gives up on an event API that takes the connection and never answers, so the pass ends and the rows wait with the error", async () => {
    await enqueue(2);
    // Accepts every connection, reads the request, never writes a byte back.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket.on("data", () => {})));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const { port } = silent.address() as { port: number };
    try {
      const client = new Inngest({ id: "relay-test", isDev: true, baseUrl: `http://127.0.0.1:${port}`, fetch: fetchWithin(100) });
      const started = Date.now();
      const result = await relayOutbox(db(), (events) => client.send(events));
      expect(result).toEqual({ sent: 0, failed: 2, error: "fetch failed (ETIMEDOUT)", more: false });
      // Five attempts of 100 ms with the SDK's backoff between them, not undici's five minutes.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(sockets.length).toBeGreaterThanOrEqual(1);
      const rows = await db().selectFrom("event_outbox").select(["sent_at", "last_error"]).execute();
      expect(rows.every((r) => r.sent_at === null && r.last_error !== null)).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 30_000);
});
