import "./load-env";
import { mkdirSync } from "node:fs";
import { createDb } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { applyRoleChange } from "@/server/domain/admin/set-user-role";
import { AppError } from "@/server/domain/errors";
import { normalizePhone } from "@/server/domain/phone";
import { findOrCreateUserByPhone } from "@/server/domain/users";
import { logger } from "@/server/logging/logger";
import { validateEnvAtStartup } from "@/server/config/start-up";
import { ADMIN_GRANT_USAGE, parseCommandLine } from "./admin-grant-args";

/**
 * Makes the first admin (or any role) from the command line, where no admin exists yet to do it:
 *   npm run admin:grant -- +919876543210              # admin
 *   npm run admin:grant -- +91 98765 43210 --role moderator
 * Creates the user if they never signed in; the role change and its audit row commit together.
 */
const command = parseCommandLine(process.argv.slice(2));
if (!command) {
  console.error(ADMIN_GRANT_USAGE);
  process.exit(2);
}
const { phone: phoneInput, role } = command;

const e = validateEnvAtStartup();
if (!e.DATABASE_URL && !e.PGLITE_DIR.startsWith("memory://")) mkdirSync(e.PGLITE_DIR, { recursive: true });
const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  const phone = normalizePhone(phoneInput, e.PHONE_DEFAULT_COUNTRY);
  // A fresh install may not have run `npm run dev` yet; migrating is a no-op when up to date.
  await migrateToLatest(database);
  const result = await database.transaction().execute(async (trx) => {
    const { user, created } = await findOrCreateUserByPhone(trx, phone);
    return { created, ...(await applyRoleChange(trx, user.id, role, { id: null, via: "cli" })) };
  });
  const what = result.changed ? `now ${role} (was ${result.from})` : `already ${role}`;
  console.log(`${phone}: ${what}${result.created ? "; account created, it signs in with that number" : ""}.`);
} catch (err) {
  // A refusal (a number that is not one) is the command's answer; anything else is a failure to log.
  if (err instanceof AppError) console.error(err.message);
  else logger.error({ err }, `admin:grant failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await database.destroy();
}
