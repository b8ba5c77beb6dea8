import "server-only";

/**
 * The Web Mercator tile grid the map's clusters are drawn on: at level L the world is 2^L cells a
 * side, the cells of map tiles at zoom L. The SQL functions map_cell_x/map_cell_y (migration 0013)
 * compute the same cells in the database.
 */

/** The levels report_map_cells counts ahead (the array in migration 0013). */
export const MAP_CELL_LEVELS = [9, 11, 13, 15, 17] as const;

/** Web Mercator stops short of the poles; points beyond fall in the edge row. */
const MAX_LAT = 85.0511287798;

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function cellX(lng: number, level: number): number {
  const n = 2 ** level;
  return Math.min(Math.max(Math.floor(((lng + 180) / 360) * n), 0), n - 1);
}

export function cellY(lat: number, level: number): number {
  const n = 2 ** level;
  const rad = (Math.min(Math.max(lat, -MAX_LAT), MAX_LAT) * Math.PI) / 180;
  return Math.min(Math.max(Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n), 0), n - 1);
}

function rowLat(y: number, level: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** level))) * 180) / Math.PI;
}

/** A cell's extent in degrees: where the map zooms to when its cluster is clicked. */
export function cellBounds(level: number, x: number, y: number): Bbox {
  const n = 2 ** level;
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: rowLat(y, level), south: rowLat(y + 1, level) };
}

/** The cells a box covers at `level`: a column range that wraps when the box crosses the antimeridian. */
export function cellRange(b: Bbox, level: number) {
  return { x0: cellX(b.west, level), x1: cellX(b.east, level), y0: cellY(b.north, level), y1: cellY(b.south, level), wraps: b.west > b.east };
}

/** How many tiles of `zoom` the box spans across and down (what a screen showing it at that zoom holds). */
export function tileSpan(b: Bbox, zoom: number) {
  const n = 2 ** zoom;
  const r = cellRange(b, zoom);
  return { across: r.wraps ? n - r.x0 + r.x1 + 1 : r.x1 - r.x0 + 1, down: r.y1 - r.y0 + 1 };
}

/**
 * The grid a zoom's clusters are drawn on (`level`: cells of 128 to 512 screen pixels) and the
 * counted level they are summed from (`source`), or null where they are grouped live: close views
 * cover a small area, so grouping their reports is cheap. Views wider than the coarsest counted
 * level regroup its cells, which hold few rows (a city is a handful of them).
 */
export function gridFor(zoom: number): { level: number; source: number | null } {
  const wanted = zoom + 1;
  const coarsest = MAP_CELL_LEVELS[0];
  if (wanted <= coarsest) return { level: wanted, source: coarsest };
  if (wanted > MAP_CELL_LEVELS.at(-1)! + 1) return { level: wanted, source: null };
  const level = [...MAP_CELL_LEVELS].reverse().find((l) => l <= wanted)!;
  return { level, source: level };
}

/** The cluster key a client can hold on to across answers: level/x/y. */
export function cellKey(level: number, x: number, y: number): string {
  return `${level}/${x}/${y}`;
}

/** Coordinates rounded to about ten centimetres: enough for a marker, and a smaller answer. */
export function roundCoord(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** A circle around the box (centre and radius in metres), or null for a box too wide for a circle to narrow. */
export function boxCircle(b: Bbox): { lat: number; lng: number; radius: number } | null {
  const span = b.west <= b.east ? b.east - b.west : b.east + 360 - b.west;
  if (span > 20 || b.north - b.south > 20) return null;
  const lat = (b.south + b.north) / 2;
  let lng = b.west + span / 2;
  if (lng > 180) lng -= 360;
  const corners = [b.south, b.north].flatMap((la) => [b.west, b.east].map((lo) => haversine(lat, lng, la, lo)));
  // A little over the farthest corner, so rounding in the cube's maths never drops a point inside the box.
  return { lat, lng, radius: Math.max(...corners) * 1.01 + 1 };
}

const EARTH_RADIUS = 6378168; // earthdistance's earth()

function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
}
