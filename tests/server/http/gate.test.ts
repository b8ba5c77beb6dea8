import { describe, expect, it } from "vitest";
import { createGate } from "@/server/http/gate";

const tick = () => new Promise((r) => setImmediate(r));

/** A task that runs until its `finish` is called, recording when it started. */
function heldTask(log: number[], n: number) {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { finish: () => finish(), task: async () => { log.push(n); await done; return n; } };
}

describe("createGate", () => {
  it("runs at most `max` tasks at once and starts the others oldest first as places free", async () => {
    const gate = createGate(2);
    const started: number[] = [];
    const tasks = [0, 1, 2, 3, 4].map((n) => heldTask(started, n));
    const results = tasks.map((t) => gate.run(t.task));
    await tick();
    expect(started).toEqual([0, 1]);
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 2, waiting: 3 });
    tasks[1]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.finish();
    tasks[2]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    tasks[3]!.finish();
    tasks[4]!.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the place of a task that throws", async () => {
    const gate = createGate(1);
    await expect(gate.run(() => Promise.reject(new Error("step failed")))).rejects.toThrow("step failed");
    expect(await gate.run(() => Promise.resolve("next"))).toBe("next");
    expect(gate.running).toBe(0);
  });

  it("keeps order and counts through a long backlog", async () => {
    const gate = createGate(3);
    const order: number[] = [];
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5000 }, (_, n) =>
        gate.run(async () => {
          order.push(n);
          most = Math.max(most, ++active);
          await tick();
          active--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(order).toEqual(Array.from({ length: 5000 }, (_, n) => n));
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a size that is not a whole number of places", () => {
    expect(() => createGate(0)).toThrow(RangeError);
    expect(() => createGate(1.5)).toThrow(RangeError);
  });
});
