import "server-only";
import area from "@turf/area";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import kinks from "@turf/kinks";
import type { BodyBoundary, Position } from "../../db/schema";
import { AppError } from "../errors";
import { said, type ServerMessage } from "../server-messages";
import { degrees } from "../reports/report.schemas";

/**
 * A body's boundary: a GeoJSON Polygon or MultiPolygon (or a Feature holding one), checked by small
 * rules before anything is stored, and the exact point-in-polygon test routing uses (holes respected).
 * Coordinates are GeoJSON's [longitude, latitude]. A boundary across the antimeridian is refused:
 * its bounding box, which the routing query prefilters on, would be wrong.
 */

/** The most text a boundary may take, and the most positions: a city ward needs far fewer, and the self-intersection check grows with the square of a ring's positions. */
export const MAX_BOUNDARY_CHARS = 1_000_000;
export const MAX_BOUNDARY_POSITIONS = 20_000;

export interface CheckedBoundary {
  boundary: BodyBoundary;
  bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number };
  areaM2: number;
}

const bad = (field: string, message: ServerMessage) => new AppError("INVALID_INPUT", message, { field });

export const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === "number" && Number.isFinite(n));

export const inRange = ([lon, lat]: Position) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

export const ringCloses = (ring: Position[]) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];

/** A polygon's rings: an outer ring, then its holes; each closed, of at least four positions, on the globe. */
export function ringProblem(ring: unknown): ServerMessage | null {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return said("boundaryRingPositions");
  if (ring.length < 4) return said("boundaryRingShort");
  if (!ring.every(inRange)) return said("boundaryOffGlobe");
  if (!ringCloses(ring)) return said("boundaryRingOpen");
  return null;
}

/** The geometry inside what was given: a Polygon or MultiPolygon, bare or as a Feature's geometry. */
function geometryOf(value: unknown, field: string): { type: string; coordinates: unknown } {
  const v = value as { type?: unknown; geometry?: unknown; coordinates?: unknown } | null;
  if (v && typeof v === "object" && v.type === "Feature") return geometryOf(v.geometry, field);
  if (!v || typeof v !== "object" || (v.type !== "Polygon" && v.type !== "MultiPolygon")) {
    throw bad(field, said("boundaryNotGeometry"));
  }
  return { type: v.type, coordinates: v.coordinates };
}

/** Parses and checks boundary text (pasted or read from a file). */
export function parseBoundaryText(text: string, field = "boundary"): CheckedBoundary {
  if (text.length > MAX_BOUNDARY_CHARS) throw bad(field, said("boundaryTooLong", { max: MAX_BOUNDARY_CHARS }));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad(field, said("boundaryNotJson"));
  }
  return checkBoundary(value, field);
}

/** Checks a parsed boundary; returns it in canonical form (2D positions) with its bounding box and area. */
export function checkBoundary(value: unknown, field = "boundary"): CheckedBoundary {
  const geometry = geometryOf(value, field);
  const polygons = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) throw bad(field, said("boundaryNoPolygon"));
  let positions = 0;
  const clean: Position[][][] = [];
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) throw bad(field, said("boundaryNoOuterRing"));
    for (const ring of rings) {
      const problem = ringProblem(ring);
      if (problem) throw bad(field, problem);
      positions += (ring as Position[]).length;
      if (positions > MAX_BOUNDARY_POSITIONS) throw bad(field, said("boundaryTooManyPositions", { max: MAX_BOUNDARY_POSITIONS }));
    }
    clean.push((rings as Position[][]).map((ring) => ring.map(([lon, lat]) => [degrees(lon), degrees(lat)] as Position)));
  }
  const boundary: BodyBoundary = geometry.type === "Polygon" ? { type: "Polygon", coordinates: clean[0]! } : { type: "MultiPolygon", coordinates: clean };
  for (const coordinates of clean) {
    if (kinks({ type: "Polygon", coordinates }).features.length > 0) throw bad(field, said("boundaryCrossesItself"));
  }
  const bbox = boundingBox(clean);
  if (bbox.maxLon - bbox.minLon > 180) throw bad(field, said("boundaryAntimeridian"));
  return { boundary, bbox, areaM2: area(boundary) };
}

export function boundingBox(polygons: Position[][][]): CheckedBoundary["bbox"] {
  const b = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
  // Outer rings bound their holes, so only they are read.
  for (const [lon, lat] of polygons.flatMap((rings) => rings[0]!)) {
    b.minLat = Math.min(b.minLat, lat);
    b.maxLat = Math.max(b.maxLat, lat);
    b.minLon = Math.min(b.minLon, lon);
    b.maxLon = Math.max(b.maxLon, lon);
  }
  return b;
}

/** Whether the point lies in the boundary (on its edge counts; inside a hole does not). */
export function boundaryContains(boundary: BodyBoundary, latitude: number, longitude: number): boolean {
  return booleanPointInPolygon([longitude, latitude], boundary);
}
