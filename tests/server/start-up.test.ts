/**
 * The environment is validated where each process starts, so a misconfigured deployment stops at
 * boot with one line naming each bad variable, not at the first request that reads one.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";
import { validateEnvAtStartup } from "@/server/config/start-up";
import { setEnv } from "../inngest/helpers";

const ROOT = resolve(__dirname, "../..");

/** Runs a TypeScript entry point as `npm start` / `npm run …` would, with only `env` set. */
function boot(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    let output = "";
    const child = spawn(process.execPath, [resolve(ROOT, "node_modules/tsx/dist/cli.mjs"), entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("error", fail);
    child.on("exit", (code) => done({ code, output }));
  });
}

/** process.exit as a throw, so the test goes on; the fatal line is caught from console.error. */
function watchExit() {
  const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw new Error(`exit ${code}`);
  }) as typeof process.exit);
  const shown = vi.spyOn(console, "error").mockImplementation(() => {});
  return { exit, shown };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("start-up validation", () => {
  it.each([
    ["validateEnvAtStartup", async () => validateEnvAtStartup()],
    ["Next's register() (src/instrumentation.ts)", () => register()],
  ])("%s logs one fatal line naming each bad variable, then exits 1", async (_name, start) => {
    const restore = setEnv({ OTP_LIMIT_PER_PHONE: "-1", MAP_DEFAULT_CENTER: "nowhere" });
    const { exit, shown } = watchExit();
    try {
      await expect(start()).rejects.toThrow("exit 1");
      expect(exit).toHaveBeenCalledWith(1);
      expect(shown).toHaveBeenCalledTimes(1);
      const line = String(shown.mock.calls[0]![0]);
      expect(line).toMatch(/FATAL Invalid environment configuration:\n {2}- OTP_LIMIT_PER_PHONE: .*\n {2}- MAP_DEFAULT_CENTER: MAP_DEFAULT_CENTER must be lat,lng,zoom/);
      expect(line).toContain('invalid=["OTP_LIMIT_PER_PHONE","MAP_DEFAULT_CENTER"]');
    } finally {
      restore();
    }
  });

  it("lets a valid environment through, once", async () => {
    const { exit } = watchExit();
    expect(validateEnvAtStartup()).toMatchObject({ NODE_ENV: "test", PORT: 3000, HOSTNAME: "0.0.0.0" });
    await register();
    expect(exit).not.toHaveBeenCalled();
  });

  it("stops the production server before it loads anything that reads the environment, as a JSON line", async () => {
    const { code, output } = await boot("src/server/http/server.ts", { NODE_ENV: "production" });
    expect(code, output).toBe(1);
    const lines = output.trim().split("\n");
    expect(lines, output).toHaveLength(1);
    const fatal = JSON.parse(lines[0]!) as { level: string; invalid: string[]; msg: string };
    expect(fatal.level).toBe("fatal");
    expect(fatal.invalid).toEqual(["NEXTAUTH_SECRET", "OTP_SECRET", "INNGEST_ENCRYPTION_KEY", "INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"]);
    expect(fatal.msg).toContain("NEXTAUTH_SECRET is required in production");
  }, 60_000);

  it("stops a script at its entry", async () => {
    const { code, output } = await boot("scripts/migrate.ts", { NODE_ENV: "development", DATABASE_URL: "not a url", PGLITE_DIR: "memory://" });
    expect(code, output).toBe(1);
    expect(output).toMatch(/FATAL Invalid environment configuration:\n {2}- DATABASE_URL: Invalid URL/);
    expect(output).not.toMatch(/Applied|up to date/);
  }, 60_000);
});
