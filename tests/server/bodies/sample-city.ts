import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "kysely";
import type { DB } from "@/server/db/client";
import { importBodies, parseBodiesCollection } from "@/server/domain/bodies/import-bodies";

/** The sample city shipped in data/bodies (around the seed's centre, 12.9716, 77.5946). */
export const SAMPLE_CITY = readFileSync(resolve(__dirname, "../../../data/bodies/sample-city.geojson"), "utf8");

export async function loadSampleCity(db: DB) {
  await sql`delete from bodies`.execute(db);
  const saved = await importBodies(db, { id: null, via: "cli" }, parseBodiesCollection(SAMPLE_CITY));
  return Object.fromEntries(saved.map((b) => [b.slug, b.id])) as Record<string, string>;
}

/** Places in the sample city: a quadrant of each ward, and the cantonment (a hole in the north-east ward). */
export const PLACES = {
  northWest: { latitude: 13.0, longitude: 77.55 },
  northEast: { latitude: 13.05, longitude: 77.65 },
  southEast: { latitude: 12.9, longitude: 77.65 },
  cantonment: { latitude: 13.005, longitude: 77.625 },
  outsideCity: { latitude: 13.2, longitude: 77.3 },
};
