import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushQueue } from "@/lib/offline/flush-queue";
import { getQueued, listQueued, queueReport, resetQueueStore, type QueuedReportInput } from "@/lib/offline/queue";
import type { SendOutcome } from "@/lib/offline/send-report";

const ALICE = "user-alice";
const BOB = "user-bob";

function report(n: number, overrides: Partial<QueuedReportInput> = {}): QueuedReportInput {
  return {
    title: `Pothole number ${n}`,
    description: "A deep pothole in the middle of the lane, filled with water.",
    severity: "medium",
    latitude: 12.9716,
    longitude: 77.5946,
    submissionKey: `00000000-0000-4000-8000-00000000000${n}`,
    ...overrides,
  };
}

/** A server that files each submission key once, as reports.create does, answering the same ref again. */
function fakeServer() {
  const filed = new Map<string, string>();
  const send = vi.fn(async (input: QueuedReportInput): Promise<SendOutcome> => {
    await new Promise((r) => setTimeout(r, 5));
    if (!filed.has(input.submissionKey)) filed.set(input.submissionKey, `CL-2026-${String(filed.size + 1).padStart(6, "0")}`);
    return { kind: "filed", ref: filed.get(input.submissionKey)! };
  });
  return { send, filed };
}

/** navigator.locks as the browser has it: one holder of a name at a time, the rest in order. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request: (name: string, task: () => Promise<unknown>) => {
      const run = (tails.get(name) ?? Promise.resolve()).then(task);
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  };
}

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory());
  resetQueueStore();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the offline queue", () => {
  it("keeps each account's reports apart, oldest first, with their submission keys", async () => {
    await queueReport(ALICE, report(2), 2_000);
    await queueReport(BOB, report(3), 1_500);
    await queueReport(ALICE, report(1), 1_000);
    const mine = await listQueued(ALICE);
    expect(mine.map((r) => r.input.submissionKey)).toEqual([report(1).submissionKey, report(2).submissionKey]);
    expect(mine.every((r) => r.state === "waiting" && r.ownerId === ALICE)).toBe(true);
    expect((await listQueued(BOB)).map((r) => r.input.title)).toEqual(["Pothole number 3"]);
  });

  it("sends what waits when the connection returns, and marks it filed with its reference", async () => {
    const server = fakeServer();
    await queueReport(ALICE, report(1));
    await queueReport(BOB, report(2));
    const result = await flushQueue(ALICE, server.send);
    expect(result).toEqual({ filed: 1, unreachable: false });
    expect(server.send).toHaveBeenCalledTimes(1);
    expect(server.send.mock.calls[0]![0]).toEqual(report(1));
    expect(await getQueued(report(1).submissionKey)).toMatchObject({ state: "filed", ref: "CL-2026-000001" });
    // Bob's report waits for Bob's session; a filed one is not sent again.
    expect((await getQueued(report(2).submissionKey))?.state).toBe("waiting");
    await flushQueue(ALICE, server.send);
    expect(server.send).toHaveBeenCalledTimes(1);
  });

  it("keeps everything waiting while the server cannot be reached, and stops trying at the first failure", async () => {
    await queueReport(ALICE, report(1), 1);
    await queueReport(ALICE, report(2), 2);
    const unreachable = vi.fn(async (): Promise<SendOutcome> => ({ kind: "unreachable" }));
    expect(await flushQueue(ALICE, unreachable)).toEqual({ filed: 0, unreachable: true });
    expect(unreachable).toHaveBeenCalledTimes(1);
    expect((await listQueued(ALICE)).map((r) => r.state)).toEqual(["waiting", "waiting"]);

    const server = fakeServer();
    expect(await flushQueue(ALICE, server.send)).toEqual({ filed: 2, unreachable: false });
  });

  it("files each report once when two tabs send the queue at the same moment", async () => {
    vi.stubGlobal("navigator", { locks: fakeLocks() });
    const server = fakeServer();
    for (const n of [1, 2, 3]) await queueReport(ALICE, report(n), n);
    const results = await Promise.all([flushQueue(ALICE, server.send), flushQueue(ALICE, server.send)]);
    expect(server.send).toHaveBeenCalledTimes(3);
    expect(results.map((r) => r.filed).sort()).toEqual([0, 3]);
    expect(server.filed.size).toBe(3);
  });

  it("never drops a report the server refuses: a lost session waits for sign-in, bad input waits for an edit", async () => {
    await queueReport(ALICE, report(1), 1);
    await queueReport(ALICE, report(2, { title: "Hole" }), 2);
    const signedOut = vi.fn(async (): Promise<SendOutcome> => ({ kind: "sign-in", message: "Sign in to continue" }));
    await flushQueue(ALICE, signedOut);
    expect((await getQueued(report(1).submissionKey))?.state).toBe("needs-sign-in");
    expect((await getQueued(report(2).submissionKey))?.state).toBe("waiting");

    // Signed in again: the first is filed, the second refused for what it says.
    const send = vi.fn(async (input: QueuedReportInput): Promise<SendOutcome> =>
      input.title === "Hole" ? { kind: "refused", message: "Title must be at least 5 characters" } : { kind: "filed", ref: "CL-2026-000009" },
    );
    await flushQueue(ALICE, send);
    expect(await getQueued(report(1).submissionKey)).toMatchObject({ state: "filed", ref: "CL-2026-000009" });
    expect(await getQueued(report(2).submissionKey)).toMatchObject({ state: "needs-edit", message: "Title must be at least 5 characters" });
    // A refused report is not sent again as it is: the citizen edits it first.
    await flushQueue(ALICE, send);
    expect(send).toHaveBeenCalledTimes(2);
    expect(await listQueued(ALICE)).toHaveLength(2);
  });
});
