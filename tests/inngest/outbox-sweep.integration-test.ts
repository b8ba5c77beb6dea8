import { InngestTestEngine } from "@inngest/test";
import { sql, TableNode, UpdateQueryNode, type KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setDb, type DB } from "@/server/db/client";
import { enqueue } from "@/server/outbox/enqueue";
import { inngestSender } from "@/server/outbox/sender";
import { outboxSweep, SWEEP_MAX_PASSES } from "@root/inngest/functions/outbox-sweep";
import { pendingSignIns } from "../server/outbox/pending-events";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";
import { registeredConfig } from "./registered-config";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
afterEach(() => vi.restoreAllMocks());

/** The event Inngest starts a cron run with. */
const tick = () => ({ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } });
const sweep = async () => openResult((await new InngestTestEngine({ function: outboxSweep }).execute({ events: [tick()] })).result);
const rows = () => db().selectFrom("event_outbox").selectAll().orderBy("created_at").execute();

/** Two events the way the app writes them: in a transaction, through the outbox. */
async function enqueueTwo() {
  return db()
    .transaction()
    .execute(async (trx) => [
      await enqueue(trx, "auth/login.succeeded", { userId: "u1", method: "phone-otp", ip: null, userAgent: null, at: new Date().toISOString() }),
      await enqueue(trx, "auth/login.succeeded", { userId: "u2", method: "phone-otp", ip: null, userAgent: null, at: new Date().toISOString() }),
    ]);
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
    await pendingSignIns(db(), 2_050);
    const send = acceptingSend();
    expect(await sweep()).toEqual({ sent: 2_050, failed: 0, error: null, more: false });
    expect(send).toHaveBeenCalledTimes(21);
    expect(await db().selectFrom("event_outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("sent_at", "is", null).executeTakeFirstOrThrow()).toEqual({ n: 0 });
  });
});

describe("outbox-sweep under pressure (ADR 0012)", () => {
  afterEach(() => setDb(db()));

  it("is retried by Inngest from a pass that threw, and the retry finishes the drain with each event sent once", async () => {
    expectConsoleError(/Inngest step error|timeout exceeded when trying to connect/);
    expect(registeredConfig(outboxSweep).steps.step.retries?.attempts).toBeGreaterThanOrEqual(3);

    await pendingSignIns(db(), 1_000);
    const send = acceptingSend();
    // Three batches go out; then the fourth claim gets no connection in time, as in the probe.
    setDb(failingOutboxWrites({ skip: 6, fail: 1 }));
    const first = await new InngestTestEngine({ function: outboxSweep }).execute({ events: [tick()] });
    expect(first.error).toMatchObject({ message: "timeout exceeded when trying to connect" });
    expect(await pendingCount()).toBe(700);

    // Inngest's retry of the step (the engine here starts the run afresh, which is the same pass).
    expect(await sweep()).toEqual({ sent: 700, failed: 0, error: null, more: false });
    const ids = send.mock.calls.flatMap((call) => (call[0] as unknown as { id: string }[]).map((e) => e.id));
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
    expect(await pendingCount()).toBe(0);
  });

  it("continues in a new run at once when the backlog outlasts one run's passes", async () => {
    expect(registeredConfig(outboxSweep).triggers).toContainEqual({ event: "outbox/sweep.requested" });

    const fullPass = () => ({ sent: 2_000, failed: 0, error: null, more: true });
    const passes = Array.from({ length: SWEEP_MAX_PASSES }, (_, i) => ({ id: i === 0 ? "relay-pending" : `relay-pending-${i + 1}`, handler: fullPass }));
    const { result, ctx } = await new InngestTestEngine({ function: outboxSweep, steps: [...passes, { id: "continue", handler: () => ({ ids: ["next"] }) }] }).execute({
      events: [tick()],
    });

    expect(await openResult(result)).toEqual({ sent: 2_000 * SWEEP_MAX_PASSES, failed: 0, error: null, more: true });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("continue", expect.objectContaining({ name: "outbox/sweep.requested", data: { previousRunId: expect.any(String) } }));
  });

  it("does not continue when the backlog is drained", async () => {
    acceptingSend();
    const { ctx } = await new InngestTestEngine({ function: outboxSweep }).execute({ events: [tick()] });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });
});

const pendingCount = async () =>
  (await db().selectFrom("event_outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("sent_at", "is", null).executeTakeFirstOrThrow()).n;

/** The test database, except that event_outbox updates (claims and marks) number `skip + 1` to `skip + fail` find no connection in time. */
function failingOutboxWrites({ skip, fail }: { skip: number; fail: number }): DB {
  let seen = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (UpdateQueryNode.is(node) && node.table && TableNode.is(node.table) && node.table.table.identifier.name === "event_outbox") {
        seen++;
        if (seen > skip && seen <= skip + fail) throw new Error("timeout exceeded when trying to connect");
      }
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return db().withPlugin(plugin);
}
