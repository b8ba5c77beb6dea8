import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface BenchDatabase {
  label: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh database of the bench's own: a new PostgreSQL database, or a new PGlite directory. */
export async function benchDatabase(kind: "postgres" | "pglite"): Promise<BenchDatabase> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "civiclens-bench-pglite-"));
    return { label: "PGlite (embedded, file-backed)", env: { PGLITE_DIR: dir }, drop: async () => {} };
  }
  const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";
  const name = `civiclens_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const version = (await admin.query("show server_version")).rows[0].server_version as string;
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL ${version} (local)`,
    env: { DATABASE_URL: url.toString(), DATABASE_POOL_MAX: "20" },
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A stand-in for Inngest's event API that accepts every event (so the outbox relay runs as in
 * production) without running functions on the benchmarked server. Counts what it received.
 */
export async function eventSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let ids: string[] = [];
      try {
        const parsed = JSON.parse(body || "[]");
        const events = Array.isArray(parsed) ? parsed : [parsed];
        ids = events.map((e: { id?: string }) => e.id ?? "x");
        received += events.length;
      } catch {
        // not an event post
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ids, status: 200 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, received: () => received, close: () => new Promise((r) => server.close(() => r())) };
}

/** VACUUM ANALYZE of the bench database: planner statistics and a visibility map, as a live database has. */
export async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
}

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Migrates, then starts the production server (`npm start`'s .next/civiclens/server.cjs) with the
 * bench's environment; `where.cwd` runs a copy of the build (build-snapshot.ts) instead of the
 * checkout's, and `where.migrationsFrom` migrates with the checkout the build came from.
 */
export async function startProductionServer(
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  where: { cwd?: string; migrationsFrom?: string; logFile?: string } = {},
): Promise<RunningServer> {
  const entry = ".next/civiclens/server.cjs";
  if (!existsSync(join(where.cwd ?? ".", entry))) throw new Error("No production build: run `npm run build` first.");
  const fullEnv = { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1" } as NodeJS.ProcessEnv;
  // A server left on the port (an interrupted bench's) would answer in this one's place.
  if (await portAnswers(port)) throw new Error(`Something already listens on 127.0.0.1:${port} (a server left by an interrupted bench?). Stop it, or pass --port.`);
  await run("npx", ["tsx", "scripts/migrate.ts"], fullEnv, where.migrationsFrom);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry], { cwd: where.cwd, env: fullEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  mkdirSync("bench/out", { recursive: true });
  const logFile = createWriteStream(where.logFile ?? "bench/out/server.log");
  const keep = (d: Buffer) => {
    if (log.length < 1_000_000) log += d;
    logFile.write(d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM"); // the server finishes open requests, then exits (and writes a --cpu-prof profile)
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}

/**
 * Peak resident memory (VmHWM), in MiB, from /proc: of the server process, plus its workers when
 * WEB_CONCURRENCY forks them (each worker's own peak, summed: an upper bound of the joint peak).
 */
export async function peakRssMiB(pid: number): Promise<number | null> {
  const { readFile } = await import("node:fs/promises");
  const peakKb = async (p: number) => {
    const status = await readFile(`/proc/${p}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  };
  try {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "")).split(/\s+/).filter(Boolean).map(Number);
    let kb = await peakKb(pid);
    for (const child of children) kb += await peakKb(child).catch(() => 0);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) used so far by the server process and its workers, from /proc. */
export async function serverCpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "")).split(/\s+/).filter(Boolean).map(Number);
  let ticks = 0;
  for (const p of [pid, ...children]) ticks += await cpuTicks(p);
  return ticks / 100;
}

/**
 * CPU seconds used so far by PostgreSQL on this machine (0 where it runs elsewhere): every postgres
 * process's own time plus its reaped children's, so backends that exit mid-run still count.
 */
export async function postgresCpuSeconds(): Promise<number> {
  const { readdir, readFile } = await import("node:fs/promises");
  let ticks = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, "utf8").catch(() => "");
    if (comm.trim() === "postgres") ticks += await cpuTicks(Number(entry), true);
  }
  return ticks / 100;
}

/** utime + stime of one process (+ cutime + cstime, its reaped children's), in clock ticks (USER_HZ, 100 on Linux). */
async function cpuTicks(pid: number, withChildren = false): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14-17 of stat(5) (utime, stime, cutime, cstime), counted after the name.
  const own = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return withChildren ? own + Number(fields[13] ?? 0) + Number(fields[14] ?? 0) : own;
}
