import { describe, expect, it } from "vitest";
import { boundsAround, explorerQuery, formatDistance, normalizeBbox, parseExplorerParams, shortCount } from "@/lib/map-view";

const home = { center: [12.9716, 77.5946] as [number, number], zoom: 12 };
const parse = (qs: string) => parseExplorerParams(new URLSearchParams(qs), home);

describe("the map page's address", () => {
  it("reads filters, view and position", () => {
    expect(parse("view=list&status=resolved&category=roads&q=pothole&area=1&at=13.01,77.6,15")).toEqual({
      view: "list",
      status: "resolved",
      category: "roads",
      text: "pothole",
      area: true,
      center: [13.01, 77.6],
      zoom: 15,
    });
  });

  it("falls back to the defaults for what is missing, unknown or out of range", () => {
    const fallback = { view: "map", status: undefined, category: undefined, text: "", area: false, center: home.center, zoom: 12 };
    expect(parse("")).toEqual(fallback);
    expect(parse("view=grid&status=rejected&category=nope&area=yes&at=91,10,5")).toEqual(fallback);
    expect(parse("at=12,200,5")).toEqual(fallback);
    expect(parse("at=12,77,25")).toEqual(fallback);
    expect(parse("at=12,77")).toEqual(fallback);
    expect(parse(`q=${"x".repeat(500)}`).text).toHaveLength(100);
  });

  it("writes only what differs from the defaults, and reads back what it wrote", () => {
    expect(explorerQuery(parse(""), home)).toBe("");
    const state = parse("view=list&status=in_progress&q=street%20light&area=1&at=13.01,77.6,15");
    const qs = explorerQuery(state, home);
    expect(qs).toBe("?view=list&status=in_progress&q=street+light&area=1&at=13.01000%2C77.60000%2C15");
    expect(parse(qs.slice(1))).toEqual(state);
  });
});

describe("normalizeBbox", () => {
  it("rounds outwards to 5 decimals", () => {
    expect(normalizeBbox({ west: 77.123456, south: 12.987654, east: 77.234561, north: 13.000001 })).toEqual({
      west: 77.12345,
      south: 12.98765,
      east: 77.23457,
      north: 13.00001,
    });
  });

  it("keeps a view of the whole world (or more) inside the world's ranges", () => {
    expect(normalizeBbox({ west: -400, south: -95, east: 300, north: 95 })).toEqual({ west: -180, south: -90, east: 180, north: 90 });
    expect(normalizeBbox({ west: -190, south: 10, east: 20, north: 20 })).toEqual({ west: -180, south: 10, east: 20, north: 20 });
  });
});

describe("boundsAround", () => {
  it("matches what Leaflet shows for a 512x512 map at zoom 1 (the whole Mercator world)", () => {
    const b = boundsAround([0, 0], 1, { width: 512, height: 512 });
    expect(b.west).toBeCloseTo(-180, 3);
    expect(b.east).toBeCloseTo(180, 3);
    expect(b.north).toBeCloseTo(85.0511, 3);
    expect(b.south).toBeCloseTo(-85.0511, 3);
  });

  it("is a small box around a city at a street zoom, halving with each zoom step", () => {
    const z15 = boundsAround([12.9716, 77.5946], 15, { width: 800, height: 600 });
    const z16 = boundsAround([12.9716, 77.5946], 16, { width: 800, height: 600 });
    expect(z15.west).toBeLessThan(77.5946);
    expect(z15.east).toBeGreaterThan(77.5946);
    expect(z15.east - z15.west).toBeCloseTo(800 / (256 * 2 ** 15) * 360, 4);
    expect(z16.east - z16.west).toBeCloseTo((z15.east - z15.west) / 2, 4);
    expect(z15.north - 12.9716).toBeCloseTo(12.9716 - z15.south, 3);
  });
});

describe("labels", () => {
  it("shortens counts for a bubble", () => {
    expect([7, 999, 1000, 1250, 9999, 34_567, 999_999, 1_100_000].map(shortCount)).toEqual(["7", "999", "1k", "1.2k", "9.9k", "34k", "999k", "1.1M"]);
  });

  it("says distances in metres, then kilometres", () => {
    expect([0.3, 12.4, 999, 1000, 1540].map(formatDistance)).toEqual(["1 m", "12 m", "999 m", "1.0 km", "1.5 km"]);
  });
});
