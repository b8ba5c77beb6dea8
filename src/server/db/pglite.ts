import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { cube } from "@electric-sql/pglite/contrib/cube";
import { earthdistance } from "@electric-sql/pglite/contrib/earthdistance";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * The contrib extensions the migrations create (cube, earthdistance, pg_trgm). PostgreSQL has them
 * installed with the server; PGlite loads one only when its constructor is given it, so every
 * embedded database opens through here.
 */
export const pgliteExtensions = { cube, earthdistance, pg_trgm };

/** An embedded database: in memory with no directory, else file-backed at `dir`. */
export function openPGlite(dir?: string, options: Omit<PGliteOptions, "extensions"> = {}): PGlite {
  // PGlite reads its options from the second argument only when the first is a directory.
  return new PGlite({ ...options, ...(dir ? { dataDir: dir } : {}), extensions: pgliteExtensions });
}
