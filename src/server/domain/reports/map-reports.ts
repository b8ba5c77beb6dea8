import "server-only";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/client";
import type { Priority } from "../../db/schema";
import { OPEN_STATUSES } from "../admin/list-queue";
import { AppError } from "../errors";
import { type Bbox, cellBounds, cellKey, cellRange, gridFor, roundCoord, tileSpan } from "./map-grid";
import { insideBox, publicFilter } from "./public-filters";
import type { MapInput } from "./report.schemas";

/** From this zoom on, a view holding few enough reports gets them one by one instead of clusters. */
export const MAP_REPORTS_MIN_ZOOM = 14;
/** The most single reports one answer carries; a close view holding more gets clusters. */
export const MAP_REPORTS_MAX = 200;
/** The widest view served, in map tiles a side (a very large screen holds fewer): bounds every answer's size and cost. */
const MAX_VIEW_TILES = 24;
/** Close views are small: their circle lets the GiST index on ll_to_earth find their reports. */
const CLOSE_VIEW_CIRCLE_METERS = 20_000;

export interface MapCluster {
  key: string;
  count: number;
  openCount: number;
  latitude: number;
  longitude: number;
  mostUrgent: Priority | null;
  bounds: Bbox;
}

/** What one grid cell adds up to, from counted cells or live; numbers as SQL sums them. */
interface CellRow {
  cx: number;
  cy: number;
  count: number | string;
  open_count: number | string;
  sum_lat: number;
  sum_lng: number;
  urgent: number | string;
  high: number | string;
  normal: number | string;
  low: number | string;
}

const OPEN = sql.join(OPEN_STATUSES.map((s) => sql.lit(s)));

function toCluster(level: number, r: CellRow): MapCluster {
  const count = Number(r.count);
  const mostUrgent = (["urgent", "high", "normal", "low"] as const).find((p) => Number(r[p]) > 0) ?? null;
  const b = cellBounds(level, r.cx, r.cy);
  return {
    key: cellKey(level, r.cx, r.cy),
    count,
    openCount: Number(r.open_count),
    latitude: roundCoord(r.sum_lat / count),
    longitude: roundCoord(r.sum_lng / count),
    mostUrgent,
    bounds: { west: roundCoord(b.west), south: roundCoord(b.south), east: roundCoord(b.east), north: roundCoord(b.north) },
  };
}

/** The x and y of the cells at `source` inside the view's cells at `level` (whole cells, so a cluster is never cut at the edge). */
function cellsInView(b: Bbox, level: number, source: number, x: string, y: string): Expression<SqlBool> {
  const r = cellRange(b, level);
  const shift = source - level;
  const lo = (v: number) => v * 2 ** shift;
  const hi = (v: number) => (v + 1) * 2 ** shift - 1;
  const xs = r.wraps
    ? sql`(${sql.ref(x)} >= ${lo(r.x0)} or ${sql.ref(x)} <= ${hi(r.x1)})`
    : sql`${sql.ref(x)} between ${lo(r.x0)} and ${hi(r.x1)}`;
  return sql<SqlBool>`(${sql.ref(y)} between ${lo(r.y0)} and ${hi(r.y1)} and ${xs})`;
}

/** Clusters summed from report_map_cells: the view's cells at the counted level, regrouped to the drawn one. */
async function countedClusters(db: Executor, f: MapInput, level: number, source: number): Promise<MapCluster[]> {
  const shift = source - level;
  const filters: Expression<SqlBool>[] = [sql<SqlBool>`level = ${source}`, cellsInView(f.bbox, level, source, "x", "y")];
  if (f.status) filters.push(sql<SqlBool>`status = ${f.status}`);
  if (f.category) filters.push(sql<SqlBool>`category = ${f.category}`);
  const open = sql`filter (where status in (${OPEN}))`;
  const { rows } = await sql<CellRow>`
    select x >> ${shift} as cx, y >> ${shift} as cy, sum(report_count) as count, coalesce(sum(report_count) ${open}, 0) as open_count,
           sum(sum_lat) as sum_lat, sum(sum_lng) as sum_lng,
           coalesce(sum(urgent) ${open}, 0) as urgent, coalesce(sum(high) ${open}, 0) as high,
           coalesce(sum(normal) ${open}, 0) as normal, coalesce(sum(low) ${open}, 0) as low
    from report_map_cells
    where ${sql.join(filters, sql` and `)}
    group by 1, 2
    having sum(report_count) > 0
  `.execute(db);
  return rows.map((r) => toCluster(level, r));
}

/** Clusters grouped from the matching reports themselves: a text filter, or a view closer than the counted levels. */
async function liveClusters(db: Executor, f: MapInput, level: number): Promise<MapCluster[]> {
  const open = sql`reports.status in (${OPEN})`;
  const urgency = (p: Priority) => sql`count(*) filter (where ${open} and reports.priority = ${sql.lit(p)})`;
  const { rows } = await sql<CellRow>`
    select map_cell_x(reports.longitude, ${level}) as cx, map_cell_y(reports.latitude, ${level}) as cy, count(*) as count,
           count(*) filter (where ${open}) as open_count, sum(reports.latitude) as sum_lat, sum(reports.longitude) as sum_lng,
           ${urgency("urgent")} as urgent, ${urgency("high")} as high, ${urgency("normal")} as normal, ${urgency("low")} as low
    from reports
    where ${publicFilter(f)} and ${insideBox(f.bbox, f.text ? 0 : CLOSE_VIEW_CIRCLE_METERS)}
    group by 1, 2
  `.execute(db);
  return rows.map((r) => toCluster(level, r));
}

/** Up to `limit` matching reports in the view, as map markers (never who filed them). */
async function reportsInView(db: Executor, f: MapInput, limit: number) {
  const rows = await db
    .selectFrom("reports")
    .select(["id", "ref", "title", "status", "category", "severity", "priority", "latitude", "longitude", "support_count"])
    .where(publicFilter(f))
    .where(insideBox(f.bbox, CLOSE_VIEW_CIRCLE_METERS))
    .limit(limit)
    .execute();
  return rows.map(({ support_count, ...r }) => ({ ...r, supportCount: support_count }));
}

/**
 * The public map of a view: clusters (count, centroid, the most urgent priority among open reports,
 * the cell to zoom to) for wide views, single reports for close views that hold few enough.
 * Without a text filter, clusters are summed from report_map_cells (kept by a trigger; migration
 * 0013), so a city-wide view reads a few thousand rows, not every report in it; a text filter, or a
 * view closer than the counted levels, groups the matching reports live, over the title's trigram
 * index or the location indexes.
 */
export async function getReportMap(db: Executor, f: MapInput) {
  const span = tileSpan(f.bbox, f.zoom);
  if (span.across > MAX_VIEW_TILES || span.down > MAX_VIEW_TILES) {
    throw new AppError("INVALID_INPUT", `bbox is wider than a screen at zoom ${f.zoom}: send the visible area, or a lower zoom`, { field: "bbox" });
  }
  const { level, source } = gridFor(f.zoom);
  const close = f.zoom >= MAP_REPORTS_MIN_ZOOM;
  if (!f.text && source !== null) {
    const clusters = await countedClusters(db, f, level, source);
    if (close && clusters.reduce((n, c) => n + c.count, 0) <= MAP_REPORTS_MAX) {
      return { zoom: f.zoom, clusters: [], reports: await reportsInView(db, f, MAP_REPORTS_MAX) };
    }
    return { zoom: f.zoom, clusters, reports: [] };
  }
  if (close) {
    const reports = await reportsInView(db, f, MAP_REPORTS_MAX + 1);
    if (reports.length <= MAP_REPORTS_MAX) return { zoom: f.zoom, clusters: [], reports };
  }
  return { zoom: f.zoom, clusters: await liveClusters(db, f, level), reports: [] };
}
