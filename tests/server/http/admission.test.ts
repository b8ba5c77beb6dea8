import { describe, expect, it } from "vitest";
import { admissionLimits, admit, createAdmission } from "@/server/http/admission";

describe("admit", () => {
  const limits = { maxInFlight: 3, maxPoolWaiting: 2 };

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
    expect(admissionLimits(10)).toEqual({ maxInFlight: 100, maxPoolWaiting: 50 });
    expect(admissionLimits(1)).toEqual({ maxInFlight: 10, maxPoolWaiting: 5 });
  });

  it("admits a closed-loop client with 50 connections on the default pool (the bench's), whose queue is at most 40", () => {
    expect(admit({ inFlight: 49, poolWaiting: 40 }, admissionLimits(10))).toBeNull();
  });
});

describe("createAdmission", () => {
  it("counts admitted requests until they leave, and refuses past the limit without counting the refusal", () => {
    let waiting = 0;
    const admission = createAdmission({ maxInFlight: 2, maxPoolWaiting: 1 }, () => waiting);
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
