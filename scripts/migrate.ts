import "./load-env";
import { mkdirSync } from "node:fs";
import { createDb } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { logger } from "@/server/logging/logger";
import { validateEnvAtStartup } from "@/server/config/start-up";

const e = validateEnvAtStartup();
if (!e.DATABASE_URL && !e.PGLITE_DIR.startsWith("memory://")) mkdirSync(e.PGLITE_DIR, { recursive: true });
const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
const where = e.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite at ${e.PGLITE_DIR}`;
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(", ")}` : `Database up to date (${where}).`);
} catch (err) {
  logger.error({ err }, `Migrating ${where} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await database.destroy();
}
