import { mkdirSync } from "node:fs";
import { validateEnvAtStartup } from "@/server/config/start-up";
import { createDb, type DB } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { AppError } from "@/server/domain/errors";
import { logger } from "@/server/logging/logger";

type Env = ReturnType<typeof validateEnvAtStartup>;

/**
 * Runs a command-line task against the app's database: PostgreSQL from DATABASE_URL, or the PGlite
 * directory (made if missing), migrated first (a fresh install may not have run `npm run dev`; it
 * is a no-op when up to date). A refusal (what `refusal` words, else an AppError's message) is the
 * command's answer, printed; anything else is a failure to log. Either ends with exit code 1. The
 * database is closed in every case.
 */
export async function runWithDatabase(
  command: string,
  task: (database: DB, e: Env) => Promise<void>,
  opts: { refusal?: (err: unknown) => string | null } = {},
): Promise<void> {
  const e = validateEnvAtStartup();
  if (!e.DATABASE_URL && !e.PGLITE_DIR.startsWith("memory://")) mkdirSync(e.PGLITE_DIR, { recursive: true });
  const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  try {
    await migrateToLatest(database);
    await task(database, e);
  } catch (err) {
    const refused = opts.refusal?.(err) ?? (err instanceof AppError ? err.message : null);
    if (refused) console.error(refused);
    else logger.error({ err }, `${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await database.destroy();
  }
}
