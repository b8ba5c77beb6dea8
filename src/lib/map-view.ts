import { CATEGORIES, STATUSES, type Category, type Status } from "@/shared/report-catalog";

/** West, south, east, north in degrees, as reports.map and reports.feed take it. */
export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Statuses anyone may filter by: rejected reports are never public. */
export type PublicStatus = Exclude<Status, "rejected">;

/** What the public map page shows, all of it in its address so a view can be shared. */
export interface ExplorerState {
  /** On a phone only one of the two fits: which. Wide screens show both. */
  view: "map" | "list";
  status?: PublicStatus;
  category?: Category;
  text: string;
  /** The list shows only reports inside the map's current view. */
  area: boolean;
  center: [number, number];
  zoom: number;
}

export const MIN_ZOOM = 2;
export const MAX_ZOOM = 19;
export const MAX_TEXT = 100;
/** Web Mercator stops here; beyond it there is no map to show. */
const MAX_LAT = 85.0511;
export const PUBLIC_STATUSES = STATUSES.filter((s): s is PublicStatus => s !== "rejected");

type Params = Pick<URLSearchParams, "get">;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The page's state from its address; anything missing, unknown or out of range falls back to the defaults. */
export function parseExplorerParams(params: Params, defaults: { center: [number, number]; zoom: number }): ExplorerState {
  const status = params.get("status");
  const category = params.get("category");
  const state: ExplorerState = {
    view: params.get("view") === "list" ? "list" : "map",
    status: PUBLIC_STATUSES.includes(status as PublicStatus) ? (status as PublicStatus) : undefined,
    category: CATEGORIES.includes(category as Category) ? (category as Category) : undefined,
    text: (params.get("q") ?? "").slice(0, MAX_TEXT),
    area: params.get("area") === "1",
    center: defaults.center,
    zoom: defaults.zoom,
  };
  const at = /^(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?),(\d{1,2})$/.exec(params.get("at") ?? "");
  if (at) {
    const [lat, lng, zoom] = [Number(at[1]), Number(at[2]), Number(at[3])];
    if (Math.abs(lat) <= MAX_LAT && Math.abs(lng) <= 180 && zoom >= MIN_ZOOM && zoom <= MAX_ZOOM) {
      state.center = [lat, lng];
      state.zoom = zoom;
    }
  }
  return state;
}

/** The address's query for a state: only what differs from the defaults, so a plain visit stays /reports. */
export function explorerQuery(state: ExplorerState, defaults: { center: [number, number]; zoom: number }): string {
  const q = new URLSearchParams();
  if (state.view === "list") q.set("view", "list");
  if (state.status) q.set("status", state.status);
  if (state.category) q.set("category", state.category);
  if (state.text.trim()) q.set("q", state.text.trim());
  if (state.area) q.set("area", "1");
  const at = `${state.center[0].toFixed(5)},${state.center[1].toFixed(5)},${state.zoom}`;
  const home = `${defaults.center[0].toFixed(5)},${defaults.center[1].toFixed(5)},${defaults.zoom}`;
  if (at !== home) q.set("at", at);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/**
 * A box the server accepts, and the same box for a view that moved by less than a metre, so the
 * answer cached for it is used again: inside the world's ranges, rounded outwards to 5 decimals
 * (nothing at the edge drops out).
 */
export function normalizeBbox(b: Bbox): Bbox {
  const down = (n: number) => Math.floor(n * 1e5) / 1e5;
  const up = (n: number) => Math.ceil(n * 1e5) / 1e5;
  const wide = b.east - b.west >= 360;
  return {
    west: wide ? -180 : clamp(down(b.west), -180, 180),
    south: clamp(down(b.south), -90, 90),
    east: wide ? 180 : clamp(up(b.east), -180, 180),
    north: clamp(up(b.north), -90, 90),
  };
}

/**
 * The box a map of `size` pixels shows around `center` at `zoom` (Web Mercator, 256-pixel tiles):
 * the area the list uses before the map has drawn, or where it is hidden (a phone's list view).
 */
export function boundsAround(center: [number, number], zoom: number, size: { width: number; height: number }): Bbox {
  const world = 256 * 2 ** zoom;
  const x = ((center[1] + 180) / 360) * world;
  const lat = (clamp(center[0], -MAX_LAT, MAX_LAT) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * world;
  const lngAt = (px: number) => (px / world) * 360 - 180;
  const latAt = (py: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * clamp(py, 0, world)) / world))) * 180) / Math.PI;
  return normalizeBbox({
    west: lngAt(x - size.width / 2),
    east: lngAt(x + size.width / 2),
    north: latAt(y - size.height / 2),
    south: latAt(y + size.height / 2),
  });
}

/** A count for a small bubble: 7, 950, 1.2k, 34k, 1.1M. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(Math.floor(n / 100) / 10).toString()}k`;
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toString()}M`;
}

/** "850 m", "1.2 km": how far a nearby report is. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.max(1, Math.round(meters))} m`;
  return `${(meters / 1000).toFixed(1)} km`;
}
