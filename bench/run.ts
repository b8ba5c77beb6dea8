/**
 * `npm run bench`: load scenarios against a production build (`npm run build` first), each on a
 * fresh database of its own. Prints a table and writes bench/out/results-<db>.json.
 *
 *   npm run bench                    PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres:postgres@127.0.0.1:5432/postgres)
 *   npm run bench -- --db=pglite     embedded PGlite
 *   npm run bench -- --only=request-otp
 *   npm run bench -- --profile       also writes the server's CPU profile to bench/out/profile/
 *   npm run bench -- --trace-gc      the server logs each garbage collection (bench/out/server.log has all its output)
 *   npm run bench -- --duration=5    each scenario measured for 5 s (a smoke run) instead of its own duration
 *   npm run bench -- --window=20     scenarios that take turns (floor-vs-reports) do so in 20 s windows: one each, back to back
 *   DATABASE_URL=postgres://.../civiclens_city npm run bench -- --city
 *                                    the map, feed and support scenarios at city scale (bench/city-scenarios.ts), on a
 *                                    database seeded with `npm run db:seed -- --reports 1000000`: used as it is, never dropped
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import autocannon from "autocannon";
import { openLoop, openLoopWindow, summarize, type OpenLoopResult, type OpenLoopWindow } from "./lib/open-loop";
import { benchDatabase, type BenchDatabase, vacuumAnalyze, eventSink, peakRssMiB, postgresCpuSeconds, serverCpuSeconds, startProductionServer } from "./lib/server";
import { slowResend } from "./lib/slow-resend";
import { cityScenarios } from "./city-scenarios";
import { scenarios } from "./scenarios";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const dbKind = (args.db ?? "postgres") as "postgres" | "pglite";
const city = "city" in args;
const port = Number(args.port ?? 3999);

const workers = process.env.WEB_CONCURRENCY ?? "1";
const loadAtStart = loadavg()[0]!.toFixed(2);
const database = city ? seededCity() : await benchDatabase(dbKind);
const sink = await eventSink();
const resend = await slowResend(3_500);
const authSecret = "bench-secret-bench-secret-bench-secret-0001";
const server = await startProductionServer(port, {
  ...database.env,
  NEXTAUTH_SECRET: authSecret,
  OTP_SECRET: "bench-otp-secret-bench-otp-secret-bench-0002",
  INNGEST_ENCRYPTION_KEY: "bench-encryption-key-bench-encryption-0003",
  // Production runs Inngest in cloud mode (env.ts); the sink takes events under any key.
  INNGEST_SIGNING_KEY: `signkey-bench-${"be".repeat(32)}`,
  INNGEST_EVENT_KEY: "bench-event-key",
  INNGEST_BASE_URL: sink.url,
  APP_URL: `http://127.0.0.1:${port}`,
  // Clients come through a load balancer: the client address is the first X-Forwarded-For hop.
  TRUST_PROXY: "true",
  // The product's limits stay on; the bench raises them so they measure the work, not the refusal.
  OTP_LIMIT_PER_IP: "100000000",
  OTP_LIMIT_PER_PHONE: "100000000",
  SIGNIN_LIMIT_PER_IP: "100000000",
  REPORTS_LIMIT_PER_USER: "100000000",
  EMAIL_VERIFICATION_LIMIT_PER_USER: "100000000",
  // A Resend that answers after 3.5 s: requests must not wait for it (functions send, not requests).
  RESEND_API_KEY: "re_bench_key",
  RESEND_BASE_URL: resend.url,
}, [...("profile" in args ? ["--cpu-prof", "--cpu-prof-dir=bench/out/profile"] : []), ...("trace-gc" in args ? ["--trace-gc"] : [])]);

const rows: Record<string, unknown>[] = [];
type Measured = Omit<OpenLoopResult, "samples" | "sendLagP99" | "bytes"> & Partial<Pick<OpenLoopResult, "samples" | "sendLagP99" | "bytes">>;
interface Cpu {
  server: number;
  postgres: number;
  bench: number;
}
const cpuNow = async (): Promise<Cpu> => {
  const bench = process.cpuUsage();
  return { server: await serverCpuSeconds(server.pid), postgres: await postgresCpuSeconds(), bench: (bench.user + bench.system) / 1e6 };
};
const cpuSince = async (before: Cpu): Promise<Cpu> => {
  const now = await cpuNow();
  return { server: now.server - before.server, postgres: now.postgres - before.postgres, bench: now.bench - before.bench };
};

async function record(name: string, mode: string, result: Measured, cpu: Cpu) {
  const perRequestMs = (seconds: number) => Math.round(((seconds * 1000) / Math.max(1, result.requests.total)) * 100) / 100;
  const row = {
    scenario: name,
    mode,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    // How late the load generator itself sent requests (p99): a stall here is charged to latency.
    sendLagP99: result.sendLagP99 ?? null,
    peakRssMiB: await peakRssMiB(server.pid),
    bytesP50: result.bytes?.p50 ?? null,
    bytesMax: result.bytes?.max ?? null,
    // CPU per request over the measured run (not the warm-up), including the relay's work after responses.
    serverCpuMsPerRequest: perRequestMs(cpu.server),
    postgresCpuMsPerRequest: dbKind === "postgres" ? perRequestMs(cpu.postgres) : null,
    // This process: the load generator and the stand-ins (Inngest event API, Resend), which share the machine.
    benchCpuMsPerRequest: perRequestMs(cpu.bench),
  };
  rows.push(row);
  if (Array.isArray(result.samples)) {
    mkdirSync("bench/out", { recursive: true });
    writeFileSync(`bench/out/latency-${name.split(":")[0]}-${city ? "city" : dbKind}.csv`, `due_ms,latency_ms,send_lag_ms\n${result.samples.map((x) => x.join(",")).join("\n")}\n`);
  }
  console.log(JSON.stringify(row));
}

try {
  for (const s of (city ? cityScenarios : scenarios).filter((s) => !args.only || s.name.startsWith(args.only))) {
    if (!database.env.DATABASE_URL && (s.name.includes("reports") || s.name.startsWith("verify-email"))) continue; // needs direct SQL for its users
    const opts = await s.prepare({ baseUrl: server.url, databaseUrl: database.env.DATABASE_URL, authSecret });
    const rate = opts.overallRate;
    const duration = Number(args.duration ?? opts.duration ?? 10);
    const sides = opts.interleave?.sides ?? [{ name: s.name, requests: opts.requests ?? [] }];
    // Warm up the same way for 3 s (discarded): the first requests compile code paths, open the
    // load generator's sockets and fill the database pool (each new PostgreSQL connection costs a
    // backend fork and a SCRAM handshake), which is start-up, not the steady state measured here.
    for (const side of sides) {
      if (rate) await openLoop({ url: server.url, rate, duration: 3, requests: side.requests });
      else await autocannon({ ...opts, url: server.url, duration: 3 });
    }
    // A fresh database has no planner statistics, and PostgreSQL's first autovacuum/analyze of it
    // lands mid-run (seen as a one-second stall about 10 s in). A live database has both: give it them.
    // The seeded city was vacuumed and analysed by the seed; a million rows are not re-read per scenario.
    if (database.env.DATABASE_URL && !city) await vacuumAnalyze(database.env.DATABASE_URL);
    console.log(`${s.name}: measuring from ${new Date().toISOString()}`);
    if (opts.interleave && rate) {
      // Two scenarios compared with each other take turns in short windows (A B, B A, A B, ...),
      // so a drift in the machine's speed during the run falls on both alike (bench/RESULTS.md).
      const window = Number(args.window ?? opts.interleave.window);
      const windows = sides.map(() => [] as OpenLoopWindow[]);
      const cpu = sides.map((): Cpu => ({ server: 0, postgres: 0, bench: 0 }));
      for (let round = 0; round < Math.ceil(duration / window); round++) {
        const order = round % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
        for (const i of order) {
          const before = await cpuNow();
          windows[i]!.push(await openLoopWindow({ url: server.url, rate, duration: window, requests: sides[i]!.requests }));
          const used = await cpuSince(before);
          cpu[i] = { server: cpu[i]!.server + used.server, postgres: cpu[i]!.postgres + used.postgres, bench: cpu[i]!.bench + used.bench };
        }
      }
      const mode = `open loop ${rate} req/s (steady), in ${window} s turns`;
      for (const [i, side] of sides.entries()) await record(side.name, mode, summarize(windows[i]!), cpu[i]!);
      continue;
    }
    const before = await cpuNow();
    // Open-loop scenarios run at a steady offered rate (bench/lib/open-loop.ts says why not autocannon's overallRate).
    const result: Measured = rate
      ? await openLoop({ url: server.url, rate, duration, requests: opts.requests ?? [] })
      : await autocannon({ ...opts, url: server.url });
    await record(s.name, rate ? `open loop ${rate} req/s (steady)` : `closed loop ${opts.connections} conns`, result, await cpuSince(before));
  }
} finally {
  await server.stop();
  await sink.close();
  await resend.close();
  await database.drop();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const load = `load average ${loadAtStart} at the start, ${loadavg()[0]!.toFixed(2)} at the end`;
console.log(`\n${database.label} — ${machine} — WEB_CONCURRENCY=${workers} — ${load} — events accepted by the sink: ${sink.received()} — calls that reached the slow Resend: ${resend.calls()}`);
console.table(rows);
mkdirSync("bench/out", { recursive: true });
writeFileSync(`bench/out/results-${city ? "city" : dbKind}.json`, JSON.stringify({ at: new Date().toISOString(), database: database.label, machine, workers, load, rows }, null, 2));

/** The database given by DATABASE_URL, already seeded (`npm run db:seed -- --reports N`): used as it is, kept afterwards. */
function seededCity(): BenchDatabase {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("--city needs DATABASE_URL: a PostgreSQL database seeded with `npm run db:seed -- --reports 1000000`");
  return { label: `PostgreSQL, seeded city (${new URL(url).pathname.slice(1)})`, env: { DATABASE_URL: url, DATABASE_POOL_MAX: "20" }, drop: async () => {} };
}
