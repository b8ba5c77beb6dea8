/**
 * E2E harness: the REAL app wired to the Inngest stand-in: `next dev`, or with `server: "production"`
 * (what most files use) the built production server.
 *
 *   const e2e = await startE2E({ name: "sign-in-api", env: MANY_SIGN_INS, staff: [{ phone, role: "moderator" }] });
 *   e2e.url            // http://127.0.0.1:<port>
 *   e2e.standin        // the current InngestStandin (see tests/support/inngest-standin.ts)
 *   await e2e.stopStandin();     // Inngest "goes down" (port stays reserved for us)
 *   await e2e.restartStandin();  // a NEW stand-in on the SAME port, app re-registered
 *   await e2e.stop();            // kills the server's whole process group, closes the stand-in
 *
 * Order: stand-in first (its URL goes into INNGEST_BASE_URL), then the staff grants (admin.ts) and
 * migrations (`tsx scripts/migrate.ts`, same env; a PGlite dir can only be opened by one process, so
 * they must finish before the server starts), then the server on a free port, then wait for
 * GET /api/health == 200, then sync the app with `standin.register(<app>/api/inngest)`.
 *
 * Database: a fresh PGlite dir per server, or E2E_DATABASE_URL (PostgreSQL; state then persists
 * between runs, which the tests tolerate by using random phone numbers).
 *
 * Only ONE `next dev` can run in this project directory at a time (Next 16 locks .next/dev); if
 * someone else's dev server holds it, start() fails with Next's "Another next dev server" message.
 * Server output goes to e2e/artifacts/<name>-server.log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startInngestStandin, type InngestStandin, type StandinOptions } from "@root/tests/support/inngest-standin";
import { grantStaff, type StaffGrant } from "./admin";
import { ARTIFACTS, ROOT } from "./paths";
import { runScript } from "./run-script";

const EVERY_PAGE = [
  "/",
  "/signin",
  "/dev/mailbox",
  "/reports",
  "/reports/new",
  "/reports/CL-2026-000001",
  "/me/reports",
  "/profile",
  "/verify-email",
  "/admin",
  "/admin/audit",
  "/admin/tasks",
  "/admin/users",
  "/api/auth/session",
  "/api/trpc/auth.deliveryStatus",
  "/api/health",
];

/** Known key, so tests can open sealed event fields and encrypted function output. */
export const E2E_ENCRYPTION_KEY = "e2e-inngest-encryption-key-0123456789abcdef";
/**
 * The production server runs Inngest in cloud mode, as production must (env.ts): the stand-in signs
 * its calls with this key and accepts events only under E2E_EVENT_KEY, as Inngest Cloud does.
 */
export const E2E_SIGNING_KEY = `signkey-test-${"e2e0".repeat(16)}`;
export const E2E_EVENT_KEY = "e2e-inngest-event-key";
/** Per-address limits raised for a file that signs many people in from the one address the tests have. */
export const MANY_SIGN_INS = { OTP_LIMIT_PER_IP: "1000", SIGNIN_LIMIT_PER_IP: "1000" };

export interface E2EOptions {
  /** Used for log file names. */
  name: string;
  /** Extra env for migrate + server (e.g. raised rate limits). */
  env?: Record<string, string>;
  /** Max wait for the first 200 from /api/health. */
  bootTimeoutMs?: number;
  /** Pages/routes to GET once after boot, so `next dev` compiles them before the test clocks start. */
  warm?: string[];
  /**
   * "dev" (default): `next dev`, which serves tRPC through the Next route handler.
   * "production": the built production server (`npm start`'s .next/civiclens/server.cjs, which
   * answers tRPC itself); needs `npm run build` first.
   */
  server?: "dev" | "production";
  /** PostgreSQL for this server (migrated by the harness); default E2E_DATABASE_URL, else a fresh PGlite dir. */
  databaseUrl?: string;
  /** Stand-in behaviour, for the first stand-in and any restarted one (the fault suite's redelivery). */
  standin?: Pick<StandinOptions, "deliverTimes" | "debounceScale" | "realTimers">;
  /** Roles granted with scripts/admin-grant.ts on the server's database before it starts (e2e/support/admin.ts). */
  staff?: StaffGrant[];
}

const PRODUCTION_ENTRY = join(ROOT, ".next", "civiclens", "server.cjs");

export interface E2E {
  url: string;
  port: number;
  standin: InngestStandin;
  standinPort: number;
  /** What scripts/admin-grant.ts printed for each of `staff`, in order. */
  staffGrants: string[];
  /** The full server log so far (stdout + stderr). */
  logs(): string;
  stopStandin(): Promise<void>;
  restartStandin(): Promise<InngestStandin>;
  /** Stops the server as a deploy does (SIGTERM, then waits for it to exit); the stand-in stays up. */
  terminate(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parent environment minus everything the app reads that the harness must control. */
function baseEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k === "NODE_ENV" || k.startsWith("VITEST") || k === "TEST" || k.startsWith("INNGEST_") || k.startsWith("NEXTAUTH_")) continue;
    if (["DATABASE_URL", "PGLITE_DIR", "APP_URL", "DEV_MAILBOX", "SMS_PROVIDER", "PORT", "HOSTNAME", "__NEXT_PRIVATE_ORIGIN"].includes(k)) continue;
    out[k] = v;
  }
  return out;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // detached: the child leads its own group (next dev forks a server child)
  } catch {
    /* already gone */
  }
}

/**
 * A tiny process that outlives nothing: it kills the server's process group as soon as its stdin
 * (a pipe from this test process) closes, i.e. when this process ends in any way, including Ctrl-C
 * (which does not reach the detached server group) and SIGKILL. Without it an interrupted run leaves
 * `next dev` behind, holding the .next/dev lock.
 */
function startWatchdog(pgid: number, tmpDir: string | undefined): ChildProcess {
  const rm = tmpDir ? `setTimeout(()=>{try{require("fs").rmSync(${JSON.stringify(tmpDir)},{recursive:true,force:true})}catch{}process.exit(0)},1000);return;` : "";
  const code = `process.stdin.on("data",()=>{});process.stdin.on("close",()=>{try{process.kill(-${pgid},"SIGKILL")}catch{}${rm}process.exit(0)});`;
  const dog = spawn(process.execPath, ["-e", code], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void }).unref?.();
  return dog;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed or interrupted test run must not leave a dev server holding the .next/dev lock.
  process.on("exit", () => {
    for (const c of live) killGroup(c, "SIGKILL");
  });
}

/**
 * GETs each path once, as `cookie`'s session if given, so `next dev` has compiled it before a browser
 * opens it (a page signed out may be only a redirect; staff pages want warming as staff too).
 */
export async function warmPages(url: string, paths: string[], opts: { cookie?: string; log?: (line: string) => void } = {}): Promise<void> {
  for (const path of paths) {
    const t = Date.now();
    const res = await fetch(`${url}${path}`, { headers: opts.cookie ? { cookie: opts.cookie } : {}, signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    if (res.status >= 500) throw new Error(`warming ${path} answered ${res.status}`);
    opts.log?.(`warmed ${path} (${res.status}) in ${Date.now() - t} ms`);
  }
}

/** Syncs the app with the stand-in; a compile error in the app comes back as one readable line, not a page of HTML. */
async function register(standin: InngestStandin, appUrl: string) {
  try {
    await standin.register(`${appUrl}/api/inngest`);
  } catch (e) {
    const text = (e as Error).message;
    const data = /<script id="__NEXT_DATA__"[^>]*>(.*?)<\/script>/s.exec(text)?.[1];
    if (!data) throw e;
    let why = "";
    try {
      why = (JSON.parse(data) as { err?: { message?: string } }).err?.message ?? "";
    } catch {
      /* keep the original */
    }
    throw new Error(`${appUrl}/api/inngest failed to sync (the app does not compile or crashed):\n${why || text.slice(0, 2000)}`);
  }
}

export async function startE2E(opts: E2EOptions): Promise<E2E> {
  installExitHook();
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS, `${opts.name}-server.log`));
  let output = "";

  // Debounce periods at a twentieth (support-milestones' minute is 3 s), so a journey need not wait a minute.
  const standinOptions = { debounceScale: 0.05, ...opts.standin, ...(opts.server === "production" ? { signingKey: E2E_SIGNING_KEY, eventKey: E2E_EVENT_KEY } : {}) };
  let standin = await startInngestStandin({ ...standinOptions, log: (m) => log.write(`[standin] ${m}\n`) });
  const standinPort = Number(new URL(standin.url).port);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl = opts.databaseUrl ?? process.env.E2E_DATABASE_URL;
  const pgliteDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), "civiclens-e2e-pglite-"));

  const dbEnv: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir!, DATABASE_URL: "" };
  const env: Record<string, string> = {
    ...baseEnv(),
    ...dbEnv,
    ...(opts.server === "production" ? { INNGEST_SIGNING_KEY: E2E_SIGNING_KEY, INNGEST_EVENT_KEY: E2E_EVENT_KEY } : { INNGEST_DEV: "1" }),
    INNGEST_BASE_URL: standin.url,
    INNGEST_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    APP_URL: url,
    NEXTAUTH_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    SMS_PROVIDER: "dev-mailbox",
    DEV_MAILBOX: "1",
    ...(opts.server === "production"
      ? {
          NODE_ENV: "production",
          PORT: String(port),
          HOSTNAME: "127.0.0.1",
          NEXTAUTH_SECRET: "e2e-production-nextauth-secret-0123456789",
          OTP_SECRET: "e2e-production-otp-secret-0123456789abcdef",
          DEV_MAILBOX: "0", // refused in production; pass SMS_PROVIDER=twilio and a stand-in
        }
      : {}),
    ...opts.env,
  };

  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  /** SIGTERM to the server's group, as a deploy sends; resolves when it has exited (SIGKILL after 5 s). */
  const terminate = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child!.once("exit", () => r()));
      killGroup(child, "SIGTERM");
      const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!done) {
        killGroup(child, "SIGKILL");
        await Promise.race([exited, sleep(2_000)]);
      }
    }
  };
  const cleanup = async () => {
    watchdog?.kill("SIGKILL"); // an orderly stop; the watchdog must not fire later at a reused pgid
    await terminate();
    // Stragglers of the group (a forked server that ignored SIGTERM) go too.
    if (child) killGroup(child, "SIGKILL");
    if (child) live.delete(child);
    await standin.close().catch(() => {});
    await new Promise<void>((r) => log.end(() => r()));
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  };

  let staffGrants: string[] = [];
  try {
    if (opts.staff) staffGrants = await grantStaff(opts.staff, dbEnv);
    const t0 = Date.now();
    await runScript("scripts/migrate.ts", [], { env, log, timeoutMs: 120_000 });
    log.write(`[harness] migrated in ${Date.now() - t0} ms\n`);

    let args: string[];
    if (opts.server === "production") {
      if (!existsSync(PRODUCTION_ENTRY)) throw new Error(`No production build at ${PRODUCTION_ENTRY}: run \`npm run build\` first.`);
      args = [PRODUCTION_ENTRY];
    } else {
      // Each server compiles from a clean Turbopack cache: a cache left by an earlier server in the
      // same checkout was seen to make `next dev` tell every open page to reload, in a loop.
      rmSync(join(ROOT, ".next", "dev"), { recursive: true, force: true });
      args = [join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", String(port), "-H", "127.0.0.1"];
    }
    child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: env as unknown as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    if (child.pid !== undefined) watchdog = startWatchdog(child.pid, pgliteDir);
    const onData = (b: Buffer) => {
      output += b.toString();
      log.write(b);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);

    const t1 = Date.now();
    const deadline = t1 + (opts.bootTimeoutMs ?? 180_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited early (${child.exitCode ?? child.signalCode}):\n${output.slice(-4000)}`);
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(60_000) });
        if (res.status === 200) break;
        const text = await res.text();
        if (Date.now() > deadline) throw new Error(`/api/health still ${res.status} after boot timeout: ${text.slice(0, 500)}`);
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`app at ${url} not healthy in time: ${(e as Error).message}\n${output.slice(-4000)}`);
      }
      await sleep(250);
    }
    log.write(`[harness] healthy in ${Date.now() - t1} ms\n`);
    await register(standin, url);
    log.write(`[harness] registered: ${standin.functions().map((f) => f.id).join(", ")}\n`);
    // Compile every page before a browser connects: a route compiled while a page is open sends it
    // an HMR update, and Fast Refresh then reloads the page under the test's feet.
    await warmPages(url, [...new Set([...EVERY_PAGE, ...(opts.warm ?? [])])], { log: (line) => log.write(`[harness] ${line}\n`) }).catch((e: Error) => {
      throw new Error(`${e.message}:\n${output.slice(-4000)}`);
    });
  } catch (e) {
    await cleanup();
    throw e;
  }

  const handle: E2E = {
    url,
    port,
    get standin() {
      return standin;
    },
    standinPort,
    staffGrants,
    logs: () => output,
    async stopStandin() {
      await standin.close();
    },
    async restartStandin() {
      await standin.close().catch(() => {});
      standin = await startInngestStandin({ ...standinOptions, port: standinPort, log: (m) => log.write(`[standin#2] ${m}\n`) });
      await register(standin, url);
      return standin;
    },
    terminate,
    stop: cleanup,
  };
  return handle;
}
