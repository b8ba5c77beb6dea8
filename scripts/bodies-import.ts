import "./load-env";
import { readFileSync, statSync } from "node:fs";
import { importBodies, MAX_IMPORT_CHARS, parseBodiesCollection } from "@/server/domain/bodies/import-bodies";
import { AppError } from "@/server/domain/errors";
import { runWithDatabase } from "./with-database";

/**
 * Defines the bodies reports are routed to, from a GeoJSON FeatureCollection (ADR 0022):
 *   npm run bodies:import -- data/bodies/sample-city.geojson
 * Each feature is a body: properties slug, name, categories (report categories) and default
 * (true for the one body that takes what no boundary covers); geometry a Polygon or MultiPolygon
 * (null only for the default). Bodies are matched by slug: a second import updates them. The whole
 * file is checked first and imported in one transaction, with an audit row per body.
 */
const USAGE = "Usage: npm run bodies:import -- <file.geojson>";
const file = process.argv.slice(2).filter((a) => a !== "--")[0];
if (!file) {
  console.error(USAGE);
  process.exit(2);
}

await runWithDatabase(
  "bodies:import",
  async (database) => {
    // The size is checked before the file is read, so a huge file is refused without being loaded.
    if (statSync(file).size > MAX_IMPORT_CHARS * 4) throw new AppError("INVALID_INPUT", `the file must be at most ${MAX_IMPORT_CHARS} characters`, { field: "file" });
    const bodies = parseBodiesCollection(readFileSync(file, "utf8"));
    const saved = await importBodies(database, { id: null, via: "cli" }, bodies);
    const created = saved.filter((b) => b.created).length;
    console.log(`Imported ${saved.length} bodies from ${file}: ${created} new, ${saved.length - created} updated; default: ${saved.find((b) => b.isDefault)?.slug ?? "unchanged"}.`);
  },
  {
    // A bad feature names where it is; a missing file says so.
    refusal: (err) =>
      err instanceof AppError ? `${err.field ? `${err.field}: ` : ""}${err.message}` : (err as NodeJS.ErrnoException).code === "ENOENT" ? `${file}: no such file` : null,
  },
);
