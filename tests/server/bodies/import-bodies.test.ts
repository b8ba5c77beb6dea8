import { describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { parseBodiesCollection } from "@/server/domain/bodies/import-bodies";
import { SAMPLE_CITY } from "./sample-city";

const feature = (properties: Record<string, unknown>, geometry: unknown = { type: "Polygon", coordinates: [[[77, 12], [77.1, 12], [77.1, 12.1], [77, 12]]] }) => ({ type: "Feature", properties, geometry });
const collection = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });

function refusal(text: string): AppError {
  try {
    parseBodiesCollection(text);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("parseBodiesCollection", () => {
  it("reads the sample city: one default without a boundary, the rest with one", () => {
    const bodies = parseBodiesCollection(SAMPLE_CITY);
    expect(bodies.filter((b) => b.isDefault).map((b) => b.slug)).toEqual(["city-corporation"]);
    expect(bodies.filter((b) => !b.isDefault).every((b) => b.boundary !== null)).toBe(true);
  });

  it.each([
    ["not JSON", "{", "file"],
    ["not a FeatureCollection", JSON.stringify({ type: "Polygon" }), "file"],
    ["a body without categories", collection(feature({ slug: "a", name: "Ab", categories: [] })), "features[0].properties.categories"],
    ["a bad slug", collection(feature({ slug: "A B", name: "Ab", categories: ["roads"] })), "features[0].properties.slug"],
    ["a ring that does not close", collection(feature({ slug: "a", name: "Ab", categories: ["roads"] }, { type: "Polygon", coordinates: [[[77, 12], [77.1, 12], [77.1, 12.1], [77, 12.2]]] })), "features[0].geometry"],
    ["two defaults", collection(feature({ slug: "a", name: "Ab", categories: ["roads"], default: true }), feature({ slug: "b", name: "Bc", categories: ["roads"], default: true })), "features"],
    ["two features with one slug", collection(feature({ slug: "a", name: "Ab", categories: ["roads"] }), feature({ slug: "a", name: "Bc", categories: ["roads"] })), "features"],
  ])("refuses %s, naming where", (_name, text, field) => {
    const err = refusal(text);
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe(field);
  });
});
