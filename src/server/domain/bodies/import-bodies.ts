import "server-only";
import type { DB } from "../../db/client";
import { AppError } from "../errors";
import { bodyCategories, bodyName, bodySlug } from "./body.schemas";
import { checkBoundary, MAX_BOUNDARY_CHARS } from "./boundary";
import { type BodyActor, type BodyDefinition, saveBodyIn } from "./save-body";

/** The most text one import file may hold: a city's bodies with generous boundaries. */
export const MAX_IMPORT_CHARS = 20 * MAX_BOUNDARY_CHARS;

/**
 * A FeatureCollection of bodies (properties: slug, name, categories, default) checked feature by
 * feature; a fault names the feature (`features[3].properties.slug`). At most one default.
 */
export function parseBodiesCollection(text: string): BodyDefinition[] {
  if (text.length > MAX_IMPORT_CHARS) throw new AppError("INVALID_INPUT", `the file must be at most ${MAX_IMPORT_CHARS} characters`, { field: "file" });
  let value: { type?: unknown; features?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new AppError("INVALID_INPUT", "the file is not valid JSON", { field: "file" });
  }
  if (!value || value.type !== "FeatureCollection" || !Array.isArray(value.features) || value.features.length === 0) {
    throw new AppError("INVALID_INPUT", "the file must be a GeoJSON FeatureCollection with at least one feature", { field: "file" });
  }
  const bodies = value.features.map((f: unknown, i: number) => featureBody(f, `features[${i}]`));
  if (bodies.filter((b) => b.isDefault).length > 1) throw new AppError("INVALID_INPUT", "only one feature may be the default", { field: "features" });
  const slugs = new Set(bodies.map((b) => b.slug));
  if (slugs.size !== bodies.length) throw new AppError("INVALID_INPUT", "two features have the same slug", { field: "features" });
  return bodies;
}

function featureBody(feature: unknown, at: string): BodyDefinition {
  const f = feature as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown } | null;
  if (!f || f.type !== "Feature" || !f.properties) throw new AppError("INVALID_INPUT", "each feature needs properties", { field: at });
  const p = f.properties;
  const field = <T>(name: string, schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }) => {
    const r = schema.safeParse(p[name]);
    if (!r.success) throw new AppError("INVALID_INPUT", r.error.issues[0]!.message, { field: `${at}.properties.${name}` });
    return r.data;
  };
  return {
    slug: field("slug", bodySlug),
    name: field("name", bodyName),
    categories: field("categories", bodyCategories),
    isDefault: p.default === true,
    boundary: f.geometry == null ? null : checkBoundary(f.geometry, `${at}.geometry`),
  };
}

/** Imports every body in one transaction: all of the file or none of it. The default is saved first. */
export async function importBodies(db: DB, actor: BodyActor, bodies: BodyDefinition[]) {
  const ordered = [...bodies].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return db.transaction().execute(async (trx) => {
    const saved = [];
    for (const body of ordered) saved.push(await saveBodyIn(trx, actor, body));
    return saved;
  });
}
