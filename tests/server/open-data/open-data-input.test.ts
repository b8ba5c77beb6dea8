import { describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { parseExportFilter, parseFeedFilter } from "@/server/domain/open-data/open-data.schemas";

const q = (s: string) => new URLSearchParams(s);
function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("INVALID_INPUT");
    return (e as AppError).field;
  }
  throw new Error("expected a refusal");
}

describe("parseExportFilter", () => {
  it("reads dates (a date alone is its whole day), status and category", () => {
    const f = parseExportFilter(q("from=2026-01-01&to=2026-01-31&status=resolved&category=roads"));
    expect(f.from?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(f.toBefore?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(f).toMatchObject({ status: "resolved", category: "roads" });
    expect(parseExportFilter(q("from=2026-01-01T05:30:00+05:30")).from?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parseExportFilter(q(""))).toEqual({ from: undefined, toBefore: undefined, status: undefined, category: undefined });
  });

  it("accepts a range of decades (it is streamed, not capped)", () => {
    expect(parseExportFilter(q("from=2006-01-01&to=2026-12-31")).from?.getUTCFullYear()).toBe(2006);
  });

  it("names the field at fault", () => {
    expect(fieldOf(() => parseExportFilter(q("from=yesterday")))).toBe("from");
    expect(fieldOf(() => parseExportFilter(q("from=2026-02-30")))).toBe("from");
    expect(fieldOf(() => parseExportFilter(q("to=2026-13-01")))).toBe("to");
    expect(fieldOf(() => parseExportFilter(q("from=0000-01-01")))).toBe("from");
    expect(fieldOf(() => parseExportFilter(q("from=2026-03-01&to=2026-02-01")))).toBe("to");
    expect(fieldOf(() => parseExportFilter(q("status=open")))).toBe("status");
    expect(fieldOf(() => parseExportFilter(q("status=rejected")))).toBe("status");
    expect(fieldOf(() => parseExportFilter(q("category=potholes")))).toBe("category");
    expect(fieldOf(() => parseExportFilter(q("category=roads%00")))).toBe("category");
    expect(fieldOf(() => parseExportFilter(q("from=2026-01-01%00")))).toBe("from");
    expect(fieldOf(() => parseExportFilter(q("x%00=1")))).toBe("query");
    expect(fieldOf(() => parseExportFilter(q(`category=${"a".repeat(5000)}`)))).toBe("category");
  });
});

describe("parseFeedFilter", () => {
  it("reads a category and an area", () => {
    expect(parseFeedFilter(q("category=garbage&lat=12.97&lon=77.59&radius=1500"))).toEqual({
      category: "garbage",
      area: { latitude: 12.97, longitude: 77.59, radiusMeters: 1500 },
    });
    expect(parseFeedFilter(q(""))).toEqual({ category: undefined, area: undefined });
  });

  it("names the field at fault", () => {
    expect(fieldOf(() => parseFeedFilter(q("lat=12.9&lon=77.5&radius=5001")))).toBe("radius");
    expect(fieldOf(() => parseFeedFilter(q("lat=12.9&lon=77.5")))).toBe("radius");
    expect(fieldOf(() => parseFeedFilter(q("lon=77.5&radius=100")))).toBe("lat");
    expect(fieldOf(() => parseFeedFilter(q("lat=91&lon=77.5&radius=100")))).toBe("lat");
    expect(fieldOf(() => parseFeedFilter(q("lat=12.9&lon=1e3&radius=100")))).toBe("lon");
    expect(fieldOf(() => parseFeedFilter(q("category=roads&lat=12.9%00")))).toBe("lat");
    expect(fieldOf(() => parseFeedFilter(q("category=nope")))).toBe("category");
  });
});
