import "./load-env";
import { applyRoleChange } from "@/server/domain/admin/set-user-role";
import { normalizePhone } from "@/server/domain/phone";
import { findOrCreateUserByPhone } from "@/server/domain/users";
import { ADMIN_GRANT_USAGE, parseCommandLine } from "./admin-grant-args";
import { runWithDatabase } from "./with-database";

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

await runWithDatabase("admin:grant", async (database, e) => {
  const phone = normalizePhone(phoneInput, e.PHONE_DEFAULT_COUNTRY);
  const result = await database.transaction().execute(async (trx) => {
    const { user, created } = await findOrCreateUserByPhone(trx, phone);
    return { created, ...(await applyRoleChange(trx, user.id, role, { id: null, via: "cli" })) };
  });
  const what = result.changed ? `now ${role} (was ${result.from})` : `already ${role}`;
  console.log(`${phone}: ${what}${result.created ? "; account created, it signs in with that number" : ""}.`);
});
