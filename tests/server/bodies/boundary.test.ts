import { describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { boundaryContains, checkBoundary, MAX_BOUNDARY_CHARS, MAX_BOUNDARY_POSITIONS, parseBoundaryText } from "@/server/domain/bodies/boundary";
import { chooseBody, type RoutingCandidate } from "@/server/domain/bodies/routing";

type P = [number, number];
const square = (w: number, s: number, e: number, n: number): P[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const polygon = (...rings: P[][]) => ({ type: "Polygon", coordinates: rings });

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("checkBoundary", () => {
  it("keeps positions to a centimetre, so a vanishing fraction of a degree (5e-324) never reaches the database's float8", () => {
    const ring = [[5e-324, 0], [0.001, 0], [0.001, 0.001], [0, 0.00100000004], [5e-324, 0]];
    const checked = checkBoundary({ type: "Polygon", coordinates: [ring] });
    expect(checked.boundary.coordinates).toEqual([[[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]]);
    expect(checked.bbox).toEqual({ minLat: 0, maxLat: 0.001, minLon: 0, maxLon: 0.001 });
  });

  it("accepts a polygon, a multipolygon and a feature, with its bounding box and area", () => {
    const one = checkBoundary(polygon(square(77, 12, 77.1, 12.1)));
    expect(one.bbox).toEqual({ minLat: 12, maxLat: 12.1, minLon: 77, maxLon: 77.1 });
    expect(one.areaM2).toBeGreaterThan(1e8);
    const multi = checkBoundary({ type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [[square(77, 12, 77.1, 12.1)], [square(78, 13, 78.1, 13.1)]] } });
    expect(multi.boundary.type).toBe("MultiPolygon");
    expect(multi.bbox).toEqual({ minLat: 12, maxLat: 13.1, minLon: 77, maxLon: 78.1 });
  });

  it.each([
    ["a ring that does not close", polygon([[77, 12], [77.1, 12], [77.1, 12.1], [77, 12.1]] as P[]), /must close/],
    ["a ring of three positions", polygon([[77, 12], [77.1, 12], [77, 12]] as P[]), /at least 4 positions/],
    ["a bow tie that crosses itself", polygon([[77, 12], [77.1, 12.1], [77.1, 12], [77, 12.1], [77, 12]] as P[]), /crosses itself/],
    ["a latitude off the globe", polygon(square(77, 89, 77.1, 91)), /latitudes within/],
    ["a position that is not numbers", polygon([[77, 12], ["77.1", 12], [77.1, 12.1], [77, 12]] as unknown as P[]), /positions/],
    ["a point", { type: "Point", coordinates: [77, 12] }, /Polygon or MultiPolygon/],
    ["no polygon", { type: "MultiPolygon", coordinates: [] }, /no polygon/],
    ["a box across the antimeridian", polygon(square(-179, 0, 179, 1)), /antimeridian/],
  ])("refuses %s, naming the field", (_name, value, message) => {
    const err = refusal(() => checkBoundary(value, "boundary"));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe("boundary");
    expect(err.message).toMatch(message);
  });

  it("refuses text that is not JSON, or too long, and too many positions", () => {
    expect(refusal(() => parseBoundaryText("{not json")).message).toMatch(/not valid JSON/);
    expect(refusal(() => parseBoundaryText(" ".repeat(MAX_BOUNDARY_CHARS + 1))).field).toBe("boundary");
    const many: P[] = Array.from({ length: MAX_BOUNDARY_POSITIONS + 1 }, (_, i) => [77 + Math.cos((2 * Math.PI * i) / MAX_BOUNDARY_POSITIONS) / 10, 12 + Math.sin((2 * Math.PI * i) / MAX_BOUNDARY_POSITIONS) / 10]);
    many[many.length - 1] = many[0]!;
    const tooMany = refusal(() => checkBoundary(polygon(many)));
    expect(tooMany.message).toBe("The boundary may have at most 20,000 positions.");
    expect(tooMany.inLocale("hi").message).toBe("सीमा में अधिकतम 20,000 स्थितियाँ हो सकती हैं।");
  });
});

describe("boundaryContains", () => {
  const withHole = checkBoundary(polygon(square(77, 12, 77.1, 12.1), square(77.04, 12.04, 77.06, 12.06).reverse())).boundary;
  it("holds a point inside, not one outside or in a hole", () => {
    expect(boundaryContains(withHole, 12.02, 77.02)).toBe(true);
    expect(boundaryContains(withHole, 12.2, 77.02)).toBe(false);
    expect(boundaryContains(withHole, 12.05, 77.05)).toBe(false);
  });
});

describe("chooseBody", () => {
  const body = (id: string, name: string, ring: P[], categories: string[], holes: P[][] = []): RoutingCandidate => {
    const c = checkBoundary(polygon(ring, ...holes));
    return { id, name, categories, boundary: c.boundary, areaM2: c.areaM2 };
  };
  const ward = body("w", "Ward 1", square(77, 12, 77.1, 12.1), ["roads", "garbage"], [square(77.04, 12.04, 77.06, 12.06)]);
  const city = body("c", "City", square(76.9, 11.9, 77.2, 12.2), ["roads", "water_supply"]);
  const inHole = body("h", "Cantonment", square(77.04, 12.04, 77.06, 12.06), ["roads"]);
  const twinA = body("b", "Beta office", square(77, 12, 77.1, 12.1), ["garbage"]);
  const twinB = body("a", "Alpha office", square(77, 12, 77.1, 12.1), ["garbage"]);
  const all = [city, ward, inHole];

  it("picks the smallest body holding the point that handles the category", () => {
    expect(chooseBody(all, { latitude: 12.02, longitude: 77.02 }, "roads")?.id).toBe("w");
    expect(chooseBody(all, { latitude: 12.02, longitude: 77.02 }, "water_supply")?.id).toBe("c");
  });

  it("respects holes: a point in the ward's hole goes to the body there", () => {
    expect(chooseBody(all, { latitude: 12.05, longitude: 77.05 }, "roads")?.id).toBe("h");
    expect(chooseBody([city, ward], { latitude: 12.05, longitude: 77.05 }, "roads")?.id).toBe("c");
  });

  it("finds none outside every boundary, for an unhandled category, or before triage", () => {
    expect(chooseBody(all, { latitude: 13, longitude: 78 }, "roads")).toBeNull();
    expect(chooseBody(all, { latitude: 12.02, longitude: 77.02 }, "electricity")).toBeNull();
    expect(chooseBody(all, { latitude: 12.02, longitude: 77.02 }, null)).toBeNull();
  });

  it("breaks a tie of equal areas by name, whatever the order given", () => {
    expect(chooseBody([twinA, twinB], { latitude: 12.02, longitude: 77.02 }, "garbage")?.name).toBe("Alpha office");
    expect(chooseBody([twinB, twinA], { latitude: 12.02, longitude: 77.02 }, "garbage")?.name).toBe("Alpha office");
  });
});
