import { Migrator } from "kysely/migration";
import { migrations } from "@root/migrations";
import type { Kysely } from "kysely";

/** Brings the schema to the newest migration; throws with the failing migration's name. */
export async function migrateToLatest(database: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db: database, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${msg}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
