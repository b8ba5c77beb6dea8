import type { GeoJsonObject } from "geojson";

type Position = [number, number];

/**
 * The boundary being edited, for the map: its geometry and bounds, or null while the text is not
 * (yet) a Polygon or MultiPolygon. Only a preview: the server checks the boundary properly.
 */
export function boundaryPreview(text: string): { geometry: GeoJsonObject; bounds: [[number, number], [number, number]] } | null {
  let value: { type?: string; geometry?: unknown; coordinates?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return null;
  }
  if (value?.type === "Feature") value = value.geometry as typeof value;
  if (!value || (value.type !== "Polygon" && value.type !== "MultiPolygon") || !Array.isArray(value.coordinates)) return null;
  const polygons = (value.type === "Polygon" ? [value.coordinates] : value.coordinates) as unknown[];
  const outer = polygons.flatMap((rings) => (Array.isArray(rings) && Array.isArray(rings[0]) ? (rings[0] as unknown[]) : []));
  const points = outer.filter((p): p is Position => Array.isArray(p) && typeof p[0] === "number" && typeof p[1] === "number");
  if (points.length === 0) return null;
  const lats = points.map((p) => p[1]);
  const lons = points.map((p) => p[0]);
  return { geometry: value as GeoJsonObject, bounds: [[Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]] };
}
