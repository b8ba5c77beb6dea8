import { beforeEach, describe, expect, it, vi } from "vitest";
import { getOutboxStats } from "@/server/outbox/queries";
import { RELAY_WINDOW_MS, flushRelay, relayNow, relaySoon } from "@/server/outbox/schedule";
import { inngestSender } from "@/server/outbox/sender";
import { truncateAll, useTestDb } from "../../support/test-db";
import { pendingSignIns } from "./pending-events";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const enqueue = () => pendingSignIns(db(), 1);

describe("relaySoon (the relay after a response)", () => {
  it("lets responses finishing within the window share one relay pass", async () => {
    const send = vi.spyOn(inngestSender, "send").mockImplementation(async (events) => ({ ids: [events].flat().map((e) => e.id ?? "") }));
    try {
      for (let i = 0; i < 3; i++) await enqueue();
      const started = Date.now();
      const passes = [relaySoon(), relaySoon()];
      await new Promise((r) => setTimeout(r, RELAY_WINDOW_MS / 3));
      passes.push(relaySoon()); // still inside the window
      const results = await Promise.all(passes);
      expect(Date.now() - started).toBeGreaterThanOrEqual(RELAY_WINDOW_MS - 1);
      expect(send).toHaveBeenCalledTimes(1);
      expect([send.mock.calls[0]![0]].flat()).toHaveLength(3);
      expect(results).toEqual(Array(3).fill({ sent: 3, failed: 0, error: null, more: false }));
      expect((await getOutboxStats(db())).pending).toBe(0);

      // A response after the pass gets a pass of its own.
      await enqueue();
      expect(await relaySoon()).toEqual({ sent: 1, failed: 0, error: null, more: false });
      expect(send).toHaveBeenCalledTimes(2);
    } finally {
      send.mockRestore();
    }
  });

  it("flushRelay (a stopping server) runs the waiting pass now and resolves once the events are sent", async () => {
    const send = vi.spyOn(inngestSender, "send").mockImplementation(async (events) => ({ ids: [events].flat().map((e) => e.id ?? "") }));
    try {
      await flushRelay(); // nothing waiting: nothing sent
      expect(send).not.toHaveBeenCalled();

      await enqueue();
      await enqueue();
      const pass = relaySoon();
      expect((await getOutboxStats(db())).pending).toBe(2);
      await flushRelay();
      expect(send).toHaveBeenCalledTimes(1);
      expect([send.mock.calls[0]![0]].flat()).toHaveLength(2);
      expect((await getOutboxStats(db())).pending).toBe(0);
      expect(await pass).toEqual({ sent: 2, failed: 0, error: null, more: false });
    } finally {
      send.mockRestore();
    }
  });

  it("drains a backlog larger than one pass (2,000 events) without waiting for another response or the sweep", async () => {
    const send = vi.spyOn(inngestSender, "send").mockImplementation(async (events) => ({ ids: [events].flat().map((e) => e.id ?? "") }));
    try {
      await pendingSignIns(db(), 2_050);
      expect(await relayNow()).toEqual({ sent: 50, failed: 0, error: null, more: false }); // the last pass
      expect(send).toHaveBeenCalledTimes(21);
      expect((await getOutboxStats(db())).pending).toBe(0);
    } finally {
      send.mockRestore();
    }
  });

  it("stops draining when Inngest fails mid-backlog: no pass after the failure, the rest stays pending", async () => {
    let calls = 0;
    const send = vi.spyOn(inngestSender, "send").mockImplementation(async (events) => {
      if (++calls === 3) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
      return { ids: [events].flat().map((e) => e.id ?? "") };
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await pendingSignIns(db(), 2_050);
      expect(await relayNow()).toEqual({ sent: 200, failed: 100, error: "fetch failed (ECONNREFUSED)", more: false });
      expect(send).toHaveBeenCalledTimes(3);
      expect((await getOutboxStats(db())).pending).toBe(1_850);
    } finally {
      send.mockRestore();
      warn.mockRestore();
    }
  });
});
