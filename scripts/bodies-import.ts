import "./load-env";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createDb } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { importBodies, MAX_IMPORT_CHARS, parseBodiesCollection } from "@/server/domain/bodies/import-bodies";
import { AppError } from "@/server/domain/errors";
import { logger } from "@/server/logging/logger";
import { validateEnvAtStartup } from "@/server/config/start-up";

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

const e = validateEnvAtStartup();
if (!e.DATABASE_URL && !e.PGLITE_DIR.startsWith("memory://")) mkdirSync(e.PGLITE_DIR, { recursive: true });
const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  // The size is checked before the file is read, so a huge file is refused without being loaded.
  if (statSync(file).size > MAX_IMPORT_CHARS * 4) throw new AppError("INVALID_INPUT", `the file must be at most ${MAX_IMPORT_CHARS} characters`, { field: "file" });
  const bodies = parseBodiesCollection(readFileSync(file, "utf8"));
  await migrateToLatest(database);
  const saved = await importBodies(database, { id: null, via: "cli" }, bodies);
  const created = saved.filter((b) => b.created).length;
  console.log(`Imported ${saved.length} bodies from ${file}: ${created} new, ${saved.length - created} updated; default: ${saved.find((b) => b.isDefault)?.slug ?? "unchanged"}.`);
} catch (err) {
  // A refusal (a bad feature, a missing file) is the command's answer; anything else is a failure to log.
  if (err instanceof AppError) console.error(`${err.field ? `${err.field}: ` : ""}${err.message}`);
  else if ((err as NodeJS.ErrnoException).code === "ENOENT") console.error(`${file}: no such file`);
  else logger.error({ err }, `bodies:import failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await database.destroy();
}
