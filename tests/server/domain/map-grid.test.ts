import { describe, expect, it } from "vitest";
import { MAP_CELL_LEVELS, boxCircle, cellBounds, cellRange, cellX, cellY, gridFor, tileSpan } from "@/server/domain/reports/map-grid";

describe("the map's tile grid", () => {
  it("puts a point in the cell whose bounds hold it, at every level", () => {
    for (const [lat, lng] of [[12.9716, 77.5946], [-33.86, 151.2], [51.5, -0.12], [89.9, 179.99], [-90, -180]] as const) {
      for (const level of [0, 5, 13, 21]) {
        const b = cellBounds(level, cellX(lng, level), cellY(lat, level));
        expect(lng).toBeGreaterThanOrEqual(b.west);
        expect(lng).toBeLessThanOrEqual(b.east);
        if (Math.abs(lat) < 85) {
          expect(lat).toBeGreaterThanOrEqual(b.south);
          expect(lat).toBeLessThanOrEqual(b.north);
        }
      }
    }
  });

  it("matches the tile numbers of a known map tile", () => {
    // Central London is OpenStreetMap's tile 10/511/340.
    expect([cellX(-0.1278, 10), cellY(51.5074, 10)]).toEqual([511, 340]);
    expect([cellX(0, 0), cellY(0, 0)]).toEqual([0, 0]);
  });

  it("wraps a range across the antimeridian", () => {
    const r = cellRange({ west: 179, south: -18, east: -179, north: -17 }, 4);
    expect(r).toMatchObject({ wraps: true, x0: 15, x1: 0 });
    expect(tileSpan({ west: 179, south: -18, east: -179, north: -17 }, 4).across).toBe(2);
  });

  it("draws clusters of 128 to 512 pixels from a counted level, and groups close views live", () => {
    expect(gridFor(0)).toEqual({ level: 1, source: MAP_CELL_LEVELS[0] });
    expect(gridFor(12)).toEqual({ level: 13, source: 13 });
    expect(gridFor(13)).toEqual({ level: 13, source: 13 });
    expect(gridFor(17)).toEqual({ level: 17, source: 17 });
    expect(gridFor(18)).toEqual({ level: 19, source: null });
    for (let z = 0; z <= 20; z++) {
      const { level } = gridFor(z);
      expect(z + 1 - level, `zoom ${z}`).toBeGreaterThanOrEqual(0);
      expect(z + 1 - level, `zoom ${z}`).toBeLessThanOrEqual(2);
    }
  });

  it("circles a small box with a radius that reaches its corners, and declines a wide one", () => {
    const c = boxCircle({ west: 77.59, south: 12.97, east: 77.6, north: 12.98 })!;
    expect(c.radius).toBeGreaterThan(760);
    expect(c.radius).toBeLessThan(800);
    expect(boxCircle({ west: 179.99, south: 0, east: -179.99, north: 0.01 })!.lng).toBeCloseTo(180, 5);
    expect(boxCircle({ west: -100, south: 0, east: 100, north: 10 })).toBeNull();
  });
});
