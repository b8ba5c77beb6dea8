import { describe, expect, it } from "vitest";
import { eventStreamResponse } from "@/server/live/event-stream";

/** A hand-driven change feed: `emit` as the database would, `subscribed` to see it released. */
function feed() {
  let listener: ((c: string) => void) | null = null;
  return {
    subscribe: async (l: (c: string) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    emit: (c: string) => listener?.(c),
    get subscribed() {
      return listener !== null;
    },
  };
}

async function readAll(res: Response): Promise<{ text: () => string; done: Promise<void> }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { text: () => text, done };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("eventStreamResponse", () => {
  it("sends a burst of changes as the first at once and one more at the end of the window", async () => {
    const f = feed();
    const res = await eventStreamResponse<string>({ signal: new AbortController().signal, lastEventId: null, subscribe: f.subscribe, judge: (c) => ({ send: { c } }), timing: { coalesceMs: 100, heartbeatMs: 60_000 } });
    const out = await readAll(res);
    for (const c of ["a", "b", "c", "d"]) f.emit(c);
    await wait(20);
    expect(out.text().match(/event: changed/g)).toHaveLength(1);
    expect(out.text()).toContain('data: {"c":"a"}');
    await wait(150);
    expect(out.text().match(/event: changed/g)).toHaveLength(2);
    expect(out.text()).toContain('data: {"c":"d"}');
    await res.body!.cancel().catch(() => {});
  });

  it("sends heartbeats, ends at its maximum age, and lets go of the feed", async () => {
    const f = feed();
    let closed = 0;
    const res = await eventStreamResponse<string>({ signal: new AbortController().signal, lastEventId: null, subscribe: f.subscribe, judge: () => "skip", onClose: () => closed++, timing: { heartbeatMs: 30, maxAgeMs: 200 } });
    const out = await readAll(res);
    await out.done;
    expect(out.text()).toMatch(/^retry: \d+\n\nid: [^\n]+\nevent: ready\n/);
    expect(out.text()).toContain(": heartbeat\n\n");
    expect(f.subscribed).toBe(false);
    expect(closed).toBe(1);
  });

  it("ends when the judge says the viewer may no longer hear of it", async () => {
    const f = feed();
    const res = await eventStreamResponse<string>({ signal: new AbortController().signal, lastEventId: null, subscribe: f.subscribe, judge: (c) => (c === "gone" ? "close" : { send: {} }) });
    const out = await readAll(res);
    f.emit("gone");
    await out.done;
    expect(out.text()).not.toContain("event: changed");
    expect(f.subscribed).toBe(false);
  });

  it("never subscribes for a client already gone", async () => {
    const f = feed();
    const abort = new AbortController();
    abort.abort();
    let subscribed = 0;
    await eventStreamResponse<string>({ signal: abort.signal, lastEventId: null, subscribe: (l) => {
        subscribed++;
        return f.subscribe(l);
      }, judge: () => "skip" });
    expect(subscribed).toBe(0);
  });
});
