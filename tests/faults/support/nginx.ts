/**
 * nginx in front of the production server, as deploy/nginx.conf puts it in production: the fault
 * suite's overload test runs through it. The config is deploy/nginx.conf itself, with its
 * placeholders filled in (the upstream's port, the port to listen on, a private prefix for nginx's
 * own files), so the test exercises the file an operator deploys.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS, ROOT } from "@root/e2e/support/paths";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
export const NGINX_CONF = join(ROOT, "deploy/nginx.conf");

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** deploy/nginx.conf for a test: listening on 127.0.0.1:`listen`, proxying to `upstream` (host:port), nginx's files under `prefix`. */
export function nginxConfig(opts: { upstream: string; listen: number; prefix: string }): string {
  return readFileSync(NGINX_CONF, "utf8")
    .replaceAll("127.0.0.1:3000", opts.upstream)
    .replace(/listen 80 /, `listen 127.0.0.1:${opts.listen} `)
    .replaceAll("/var/lib/civiclens-nginx", opts.prefix)
    .replace(/^user .*$/m, "")
    .replace(/^error_log .*$/m, `error_log ${opts.prefix}/error.log warn;`);
}

export async function startNginx(name: string, upstreamUrl: string): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: apt-get install -y nginx-light (or set NGINX_PATH)`);
  const prefix = mkdtempSync(join(tmpdir(), "civiclens-nginx-"));
  // nginx's workers run as an unprivileged user when started as root: they must reach their temp paths.
  chmodSync(prefix, 0o755);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const conf = join(prefix, "nginx.conf");
  writeFileSync(conf, nginxConfig({ upstream: new URL(upstreamUrl).host, listen: port, prefix }));
  const log = createWriteStream(join(ARTIFACTS, `${name}-nginx.log`));
  const child: ChildProcess = spawn(NGINX, ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}; see e2e/artifacts/${name}-nginx.log and ${prefix}/error.log`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("nginx did not answer within 10 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGQUIT");
        await new Promise((r) => child.once("exit", r));
      }
      const errors = join(prefix, "error.log");
      if (existsSync(errors)) log.write(readFileSync(errors));
      log.end();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
