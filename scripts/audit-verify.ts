import "./load-env";
import { createDb } from "@/server/db/client";
import { checkAuditChain } from "@/server/domain/audit-chain-checks";
import { logger } from "@/server/logging/logger";
import { validateEnvAtStartup } from "@/server/config/start-up";

/**
 * Walks the whole audit chain (ADR 0011) and stores the result, which the admin audit page shows:
 *   npm run audit:verify
 *   npm run audit:verify -- --anchor <seq>:<hash>    # a head printed by an earlier run
 * Exit 0: intact, with the head printed. Keep heads somewhere other than this database: whoever can
 * write the table can recompute every hash from an edited row on, and only a head recorded before
 * then shows it (without --anchor, the last intact check stored in the database is the anchor).
 * Exit 1: broken, with the first broken link. Exit 2: the check could not run.
 * On embedded PGlite, stop `npm run dev` first: two processes must not open one data directory.
 */
const args = process.argv.slice(2);
const anchorArg = args[0] === "--anchor" ? args[1] : undefined;
const anchorMatch = anchorArg?.match(/^(\d+):([0-9a-f]{64})$/);
if (args.length > 0 && !anchorMatch) {
  console.error("Usage: npm run audit:verify [-- --anchor <seq>:<64 hex digits of the hash>]");
  process.exit(2);
}
const anchor = anchorMatch ? { seq: Number(anchorMatch[1]), hash: anchorMatch[2]! } : undefined;

const e = validateEnvAtStartup();
const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  const { result, durationMs } = await checkAuditChain(database, null, anchor);
  if (result.ok) {
    console.log(`Audit chain intact: ${result.rows} row(s) verified in ${durationMs} ms.`);
    console.log(`Head: seq ${result.headSeq}, hash ${result.headHash}`);
  } else {
    console.error(`Audit chain broken at seq ${result.seq}${result.id ? `, row ${result.id}` : ""}: ${result.reason} (${result.detail}).`);
    console.error(`${result.rows} row(s) verified intact before it; head: seq ${result.headSeq}, hash ${result.headHash}`);
    process.exitCode = 1;
  }
} catch (err) {
  logger.error({ err }, `Could not verify the audit chain: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
} finally {
  await database.destroy();
}
