import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchLive } from "@/lib/live-updates";

/** Just enough of EventSource: the test opens, fails and sends events by hand. */
class FakeSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static made: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, Array<() => void>>();
  constructor(readonly url: string) {
    FakeSource.made.push(this);
  }
  addEventListener(name: string, fn: () => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  emit(name: string) {
    for (const fn of this.listeners.get(name) ?? []) fn();
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.onopen?.();
  }
  fail(state: number) {
    this.readyState = state;
    this.onerror?.();
  }
  close() {
    this.closed = true;
    this.readyState = FakeSource.CLOSED;
  }
}
const Source = FakeSource as unknown as typeof EventSource;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.made = [];
});
afterEach(() => vi.useRealTimers());

describe("watchLive", () => {
  it("calls onChange for each changed event, and nothing else meanwhile", () => {
    const onChange = vi.fn();
    const stop = watchLive("/api/x/events", onChange, { EventSource: Source });
    const s = FakeSource.made[0]!;
    s.open();
    expect(onChange).not.toHaveBeenCalled();
    s.emit("changed");
    s.emit("ready");
    expect(onChange).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
    expect(s.closed).toBe(true);
  });

  it("polls while the stream is down and refetches once when it is back", () => {
    const onChange = vi.fn();
    watchLive("/api/x/events", onChange, { EventSource: Source, pollMs: 10_000 });
    const s = FakeSource.made[0]!;
    s.open();
    s.fail(FakeSource.CONNECTING); // the browser reconnects by itself
    vi.advanceTimersByTime(25_000);
    expect(onChange).toHaveBeenCalledTimes(2);
    s.open();
    expect(onChange).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(60_000);
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it("reopens a refused stream itself, with growing waits, and stops everything when asked", () => {
    const onChange = vi.fn();
    const stop = watchLive("/api/x/events", onChange, { EventSource: Source, backoffMs: 1_000, pollMs: 10_000 });
    FakeSource.made[0]!.fail(FakeSource.CLOSED);
    expect(FakeSource.made[0]!.closed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(FakeSource.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.made).toHaveLength(2);
    FakeSource.made[1]!.fail(FakeSource.CLOSED);
    vi.advanceTimersByTime(1_999);
    expect(FakeSource.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSource.made).toHaveLength(3);
    stop();
    vi.advanceTimersByTime(120_000);
    expect(FakeSource.made).toHaveLength(3);
    expect(FakeSource.made[2]!.closed).toBe(true);
    const calls = onChange.mock.calls.length;
    vi.advanceTimersByTime(60_000);
    expect(onChange).toHaveBeenCalledTimes(calls);
  });

  it("polls without EventSource at all", () => {
    const onChange = vi.fn();
    vi.stubGlobal("EventSource", undefined);
    try {
      const stop = watchLive("/api/x/events", onChange, { pollMs: 10_000 });
      vi.advanceTimersByTime(30_000);
      expect(onChange).toHaveBeenCalledTimes(3);
      stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
