import { describe, expect, it } from "vitest";
import { EVENT_LOOP_LAG_LIMIT_MS, admissionLimits, admit, createAdmission } from "@/server/http/admission";
import { watchEventLoopLag } from "@/server/http/event-loop-lag";

describe("admit", () => {
  const limits = { maxInFlight: 3, maxPoolWaiting: 2, maxEventLoopLagMs: 40 };

  it("admits while both the requests in flight and the pool's queue are under their limits", () => {
    expect(admit({ inFlight: 0, poolWaiting: 0 }, limits)).toBeNull();
    expect(admit({ inFlight: 2, poolWaiting: 1 }, limits)).toBeNull();
  });

  it("refuses at the in-flight limit", () => {
    expect(admit({ inFlight: 3, poolWaiting: 0 }, limits)).toBe("in-flight");
  });

  it("refuses when the pool's queue is at its limit", () => {
    expect(admit({ inFlight: 0, poolWaiting: 2 }, limits)).toBe("pool-queue");
  });

  it("without a pool (PGlite) looks at requests in flight only", () => {
    expect(admit({ inFlight: 2, poolWaiting: null }, limits)).toBeNull();
    expect(admit({ inFlight: 3, poolWaiting: null }, limits)).toBe("in-flight");
  });
});

describe("admissionLimits", () => {
  it("scales with the request pool", () => {
    expect(admissionLimits(10)).toEqual({ maxInFlight: 100, maxPoolWaiting: 50, maxEventLoopLagMs: EVENT_LOOP_LAG_LIMIT_MS });
    expect(admissionLimits(1)).toEqual({ maxInFlight: 10, maxPoolWaiting: 5, maxEventLoopLagMs: EVENT_LOOP_LAG_LIMIT_MS });
  });

  it("admits a closed-loop client with 50 connections on the default pool (the bench's), whose queue is at most 40", () => {
    expect(admit({ inFlight: 49, poolWaiting: 40 }, admissionLimits(10))).toBeNull();
  });
});

describe("createAdmission", () => {
  it("counts admitted requests until they leave, and refuses past the limit without counting the refusal", () => {
    let waiting = 0;
    const admission = createAdmission({ maxInFlight: 2, maxPoolWaiting: 1, maxEventLoopLagMs: 40 }, () => waiting);
    expect(admission.enter()).toBeNull();
    expect(admission.enter()).toBeNull();
    expect(admission.enter()).toBe("in-flight");
    expect(admission.inFlight).toBe(2);

    admission.leave();
    waiting = 1;
    expect(admission.enter()).toBe("pool-queue");
    waiting = 0;
    expect(admission.enter()).toBeNull();
    expect(admission.inFlight).toBe(2);
  });
});

describe("admission when the process is out of CPU", () => {
  it("refuses while the event loop runs later than the limit, and admits again once it keeps time", () => {
    const limits = admissionLimits(10);
    expect(admit({ inFlight: 1, poolWaiting: 0, eventLoopLagMs: limits.maxEventLoopLagMs + 1 }, limits)).toBe("cpu");
    expect(admit({ inFlight: 1, poolWaiting: 0, eventLoopLagMs: 2 }, limits)).toBeNull();
  });

  it("measures the lag of a loop kept busy, and sees it recover", async () => {
    const lag = watchEventLoopLag(5);
    try {
      await new Promise((r) => setTimeout(r, 20));
      const busyUntil = performance.now() + 120;
      while (performance.now() < busyUntil); // the CPU is taken: no timer can fire
      await new Promise((r) => setTimeout(r, 1));
      expect(lag.lagMs).toBeGreaterThan(EVENT_LOOP_LAG_LIMIT_MS);
      await new Promise((r) => setTimeout(r, 200));
      expect(lag.lagMs).toBeLessThan(EVENT_LOOP_LAG_LIMIT_MS);
    } finally {
      lag.stop();
    }
  });
});
