import { parseArgs } from "node:util";
import type { Role } from "@/server/db/schema";

export const ADMIN_GRANT_USAGE = "Usage: npm run admin:grant -- <phone> [--role admin|moderator|citizen]";

/**
 * `npm run admin:grant -- …` hands the script the words after npm's "--", the phone in one word or
 * in several; run as `tsx scripts/admin-grant.ts -- …` the "--" itself is in argv too, and is
 * dropped so that a --role after it still counts. Every word that is not the option is the phone.
 * Null when the line does not say a phone and a known role.
 */
export function parseCommandLine(argv: string[]): { phone: string; role: Role } | null {
  try {
    const args = argv.filter((a) => a !== "--");
    const { values, positionals } = parseArgs({ args, options: { role: { type: "string", default: "admin" } }, allowPositionals: true });
    const phone = positionals.join(" ").trim();
    const role = values.role as Role;
    return phone && ["citizen", "moderator", "admin"].includes(role) ? { phone, role } : null;
  } catch {
    return null; // an unknown option, or --role without a value
  }
}
