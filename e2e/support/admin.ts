/**
 * Staff accounts for the e2e tier. A role can only be granted in the database, and a PGlite
 * directory belongs to one process at a time, so the grant runs BEFORE the server starts:
 * `scripts/admin-grant.ts` (the real CLI, which migrates first) on a fresh PGlite directory that is
 * then handed to startE2E as PGLITE_DIR (its own migrate step is then a no-op). With
 * E2E_DATABASE_URL the grant goes to that PostgreSQL database instead.
 *
 *   const staff = await prepareStaff([{ phone, role: "moderator" }]);
 *   const e2e = await startE2E({ name, env: { ...staff.env } });
 *   ...
 *   await staff.cleanup();   // after e2e.stop()
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./app-server";

export interface StaffGrant {
  phone: string;
  role: "moderator" | "admin";
}

function grant(phone: string, role: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/admin-grant.ts", phone, "--role", role], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`admin-grant ${phone} --role ${role} exited with ${code}:\n${out}`));
    });
  });
}

export async function prepareStaff(grants: StaffGrant[]): Promise<{ env: Record<string, string>; output: string[]; cleanup: () => Promise<void> }> {
  const pgUrl = process.env.E2E_DATABASE_URL;
  const dir = pgUrl ? undefined : mkdtempSync(join(tmpdir(), "civiclens-e2e-staff-"));
  const dbEnv: Record<string, string> = pgUrl ? { DATABASE_URL: pgUrl } : { PGLITE_DIR: dir!, DATABASE_URL: "" };
  const output: string[] = [];
  for (const g of grants) output.push(await grant(g.phone, g.role, { ...dbEnv, NODE_ENV: "development" }));
  return {
    env: dbEnv,
    output,
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
