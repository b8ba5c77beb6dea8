import { InngestTestEngine } from "@inngest/test";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { enqueueEvents } from "@/server/domain/outbox";
import { inngestSender } from "@root/inngest/client";
import { outboxSweep } from "@root/inngest/functions/outbox-sweep";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
afterEach(() => vi.restoreAllMocks());

const sweep = async () => openResult((await new InngestTestEngine({ function: outboxSweep }).execute()).result);
const rows = () => db().selectFrom("event_outbox").selectAll().orderBy("created_at").execute();

/** Two events the way the app writes them: in a transaction, through the outbox. */
async function enqueueTwo() {
  return db()
    .transaction()
    .execute((trx) =>
      enqueueEvents(trx, [
        { name: "auth/login.succeeded", data: { userId: "u1", method: "phone-otp", ip: null, userAgent: null, at: new Date().toISOString() } },
        { name: "auth/login.succeeded", data: { userId: "u2", method: "phone-otp", ip: null, userAgent: null, at: new Date().toISOString() } },
      ]),
    );
}

/** The sender's send(), answering like Inngest's event API (no network is used either way). */
const acceptingSend = () =>
  vi.spyOn(inngestSender, "send").mockImplementation((async (events: { id: string }[]) => ({ ids: events.map((e) => e.id) })) as never);

describe("outbox-sweep", () => {
  it("sends pending rows with the row id as the event id and marks them sent", async () => {
    const ids = await enqueueTwo();
    const send = acceptingSend();

    expect(await sweep()).toEqual({ sent: 2, failed: 0, error: null, more: false });
    expect(send).toHaveBeenCalledTimes(1);
    const sent = send.mock.calls[0]![0] as unknown as { id: string; name: string; data: { userId: string } }[];
    expect(sent.map((e) => [e.id, e.name, e.data.userId])).toEqual([
      [ids[0], "auth/login.succeeded", "u1"],
      [ids[1], "auth/login.succeeded", "u2"],
    ]);
    for (const row of await rows()) expect(row).toMatchObject({ sent_at: expect.any(Date), attempts: 1, last_error: null, locked_until: null });
  });

  it("keeps rows pending with the error while Inngest is down, then sends them once after the backoff", async () => {
    await enqueueTwo();
    // Down for the first call only, then accepting.
    const send = acceptingSend().mockRejectedValueOnce(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));

    expect(await sweep()).toEqual({ sent: 0, failed: 2, error: "fetch failed (ECONNREFUSED)", more: false });
    for (const row of await rows()) {
      expect(row).toMatchObject({ sent_at: null, attempts: 1, last_error: "fetch failed (ECONNREFUSED)" });
      expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now()); // the backoff lease
    }

    // Inngest is back, but the lease has not run out: the next sweep leaves the rows alone.
    expect(await sweep()).toEqual({ sent: 0, failed: 0, error: null, more: false });
    expect(send).toHaveBeenCalledTimes(1);

    await sql`update event_outbox set locked_until = now() - interval '1 second'`.execute(db());
    expect(await sweep()).toEqual({ sent: 2, failed: 0, error: null, more: false });
    expect(await sweep()).toEqual({ sent: 0, failed: 0, error: null, more: false });
    expect(send).toHaveBeenCalledTimes(2);
    for (const row of await rows()) expect(row).toMatchObject({ sent_at: expect.any(Date), attempts: 2, last_error: null });
  });

  it("drains a backlog larger than one pass, a step per 2,000 events", async () => {
    await db()
      .transaction()
      .execute((trx) => enqueueEvents(trx, Array.from({ length: 2_050 }, (_, i) => ({ name: "test/thing.happened", data: { i } }))));
    const send = acceptingSend();
    expect(await sweep()).toEqual({ sent: 2_050, failed: 0, error: null, more: false });
    expect(send).toHaveBeenCalledTimes(21);
    expect(await db().selectFrom("event_outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("sent_at", "is", null).executeTakeFirstOrThrow()).toEqual({ n: 0 });
  });
});
