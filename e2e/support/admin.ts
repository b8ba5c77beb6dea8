/**
 * Staff accounts for the e2e tier. A role can only be granted in the database, and a PGlite
 * directory belongs to one process at a time, so the grant runs BEFORE the server starts:
 * `scripts/admin-grant.ts` (the real CLI, which migrates first) on the database the server is then
 * started on (startE2E's `staff` option; the harness's own migrate step is then a no-op).
 */
import { runScript } from "./run-script";

export interface StaffGrant {
  phone: string;
  role: "moderator" | "admin";
}

/** Grants each role with the real CLI on the database `dbEnv` names; returns what the CLI printed. */
export async function grantStaff(grants: StaffGrant[], dbEnv: Record<string, string>): Promise<string[]> {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...dbEnv, NODE_ENV: "development" };
  const output: string[] = [];
  for (const g of grants) output.push(await runScript("scripts/admin-grant.ts", [g.phone, "--role", g.role], { env }));
  return output;
}
