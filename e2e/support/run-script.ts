import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { ROOT } from "./paths";

/**
 * Runs one of the project's scripts (`scripts/*.ts`, through tsx) to its end, as a person would from
 * the checkout; resolves with what it printed, rejects with it on a non-zero exit or after
 * `timeoutMs`. `log`, if given, gets the output as it comes.
 */
export function runScript(script: string, args: string[], opts: { env: Record<string, string>; log?: Writable; timeoutMs?: number }): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const argv = [join(ROOT, "node_modules/tsx/dist/cli.mjs"), script, ...args];
  return new Promise((resolve, reject) => {
    let out = "";
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: opts.env as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const onData = (b: Buffer) => {
      out += b.toString();
      opts.log?.write(b);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} ${args.join(" ")} timed out after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`${script} ${args.join(" ")} exited with ${code}:\n${out}`));
    });
  });
}
