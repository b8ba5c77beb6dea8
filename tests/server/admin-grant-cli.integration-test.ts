import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { parseCommandLine } from "@root/scripts/admin-grant-args";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "civiclens-admin-grant-"));
const PGLITE_DIR = join(dir, "pglite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command in the project as a person would, on a PGlite directory of this file's own. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    let output = "";
    const child = spawn(command, args, {
      cwd: ROOT,
      // DATABASE_URL empty: PGlite even when the suite itself runs on PostgreSQL.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "development", PGLITE_DIR, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("error", fail);
    child.on("exit", (code) => done({ code, output }));
  });
}
const tsx = (...args: string[]) => run(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/admin-grant.ts", ...args]);

async function rolesIn(): Promise<Record<string, string>> {
  const database = createDb({ pgliteDir: PGLITE_DIR });
  try {
    const rows = await database.selectFrom("users").select(["phone", "role"]).execute();
    return Object.fromEntries(rows.map((r) => [r.phone, r.role]));
  } finally {
    await database.destroy();
  }
}

describe("npm run admin:grant", () => {
  it("takes the phone in one word (through npm) or in several (through tsx), keeping its country code", async () => {
    // What `npm run admin:grant -- +919876543210` hands the script: the phone as one word.
    const oneWord = await run("npm", ["run", "--silent", "admin:grant", "--", "+919876543210"]);
    expect(oneWord, oneWord.output).toMatchObject({ code: 0, output: expect.stringContaining("+919876543210: now admin (was citizen)") });

    // Several words keep their first one: +44 is not the default country's code.
    const spaced = await tsx("+44", "7911", "123456", "--role", "moderator");
    expect(spaced, spaced.output).toMatchObject({ code: 0, output: expect.stringContaining("+447911123456: now moderator (was citizen)") });

    expect(await rolesIn()).toEqual({ "+919876543210": "admin", "+447911123456": "moderator" });
  }, 180_000);

  it("reads every way of writing the line, and refuses what does not say a phone and a role", () => {
    expect(parseCommandLine(["+919876543210"])).toEqual({ phone: "+919876543210", role: "admin" });
    expect(parseCommandLine(["+91", "98765", "43210", "--role", "moderator"])).toEqual({ phone: "+91 98765 43210", role: "moderator" });
    expect(parseCommandLine(["--role=citizen", "9876543210"])).toEqual({ phone: "9876543210", role: "citizen" });
    // `tsx scripts/admin-grant.ts -- …` by hand: the "--" is in argv, and a --role after it still counts.
    expect(parseCommandLine(["--", "+91", "98765", "43210", "--role", "moderator"])).toEqual({ phone: "+91 98765 43210", role: "moderator" });
    for (const bad of [[], ["--role", "owner", "+919876543210"], ["+919876543210", "--force"], ["+919876543210", "--role"]]) {
      expect(parseCommandLine(bad), bad.join(" ")).toBeNull();
    }
  });
});
