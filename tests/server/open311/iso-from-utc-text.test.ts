import { describe, expect, it } from "vitest";
import { isoFromUtcText } from "@/server/domain/open311/request-queries";

describe("isoFromUtcText (Open311 timestamps written from PostgreSQL's UTC text)", () => {
  it("writes what Date's toISOString writes for the same instant, whatever the fraction's length", () => {
    for (const [text, instant] of [
      ["2026-03-04 10:15:00", "2026-03-04T10:15:00Z"],
      ["2026-03-04 10:15:00.5", "2026-03-04T10:15:00.500Z"],
      ["2026-03-04 10:15:00.12", "2026-03-04T10:15:00.120Z"],
      ["2026-12-31 23:59:59.123", "2026-12-31T23:59:59.123Z"],
      ["2016-01-01 00:00:00.000001", "2016-01-01T00:00:00.000Z"],
    ] as const) {
      expect(isoFromUtcText(text)).toBe(new Date(instant).toISOString());
    }
  });

  it("cuts microseconds as a Date parsed from them does (no rounding up into the next millisecond)", () => {
    expect(isoFromUtcText("2026-03-04 10:15:00.999999")).toBe("2026-03-04T10:15:00.999Z");
  });
});
