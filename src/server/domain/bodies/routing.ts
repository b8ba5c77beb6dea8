import "server-only";
import type { BodyBoundary } from "../../db/schema";
import { boundaryContains } from "./boundary";

export interface RoutingCandidate {
  id: string;
  name: string;
  categories: string[];
  boundary: BodyBoundary | null;
  areaM2: number | null;
}

/**
 * The routing rule (ADR 0022): of the bodies whose boundary contains the point and which handle the
 * category, the one with the smallest area (the most local office), then by name, then by id, so the
 * same report always lands on the same body. Null when none does: the caller takes the default body.
 * An uncategorised report (before triage) matches no body.
 */
export function chooseBody<C extends RoutingCandidate>(candidates: C[], point: { latitude: number; longitude: number }, category: string | null): C | null {
  if (!category) return null;
  const matching = candidates.filter(
    (c) => c.boundary !== null && c.categories.includes(category) && boundaryContains(c.boundary, point.latitude, point.longitude),
  );
  matching.sort((a, b) => (a.areaM2 ?? Infinity) - (b.areaM2 ?? Infinity) || compare(a.name, b.name) || compare(a.id, b.id));
  return matching[0] ?? null;
}

// A code-point comparison, not localeCompare: the order must not depend on the server's locale.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
