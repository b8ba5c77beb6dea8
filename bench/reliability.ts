/**
 * `npm run bench:reliability`: issue 13's reliability figures, on the production build with every
 * function running against the same server through the Inngest stand-in (signed cloud mode, in a
 * process of its own; it keeps the functions' concurrency limits as Inngest does). Each part gets a
 * fresh PostgreSQL database, server and stand-in:
 *
 * - sustained:  reports.create at --rate for --duration s (open loop): citizen latency, timeouts,
 *               non-2xx, and every second how old the backlog is (outbox, and reports whose
 *               functions have not all run); then how long the backlog takes to clear (up to 5 min).
 * - shedding:   the offered rate stepped up (--steps, --step-seconds each, back to back): where the
 *               server starts answering 503 + Retry-After, and the latency of each step.
 * - pg-restart: --rate for --restart-duration s, `pg_ctlcluster <v> <cluster> restart` at
 *               --restart-at s: time to the first 2xx after the errors and to unbroken success,
 *               what the failures were, and whether every 2xx report is in the database.
 * - drain:      the stand-in stopped (Inngest down), --events reports filed at --fill-rate, the
 *               stand-in started again: time until the outbox is empty and until every function ran.
 *               The outbox sweep runs at Inngest's return and every minute after, as its cron would.
 *
 *   npm run build && npm run bench:reliability
 *   npm run bench:reliability -- --only=sustained --duration=300 --rate=50
 *   npm run bench:reliability -- --only=shedding --steps=50,100,150,200,300,400,600 --step-seconds=10
 *   npm run bench:reliability -- --only=pg-restart --restart-duration=40 --restart-at=10
 *   npm run bench:reliability -- --only=drain --events=10000 --fill-rate=100
 *   --port=3998
 *   --profile   the server's CPU profile, to bench/out/profile-reliability-<part>/
 *   --build-dir=<checkout>   run that checkout's production build (default: this one's .next)
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres). The
 * restart stops every database of that cluster: on a shared machine give the bench a cluster of its
 * own (docs/RELIABILITY.md). Prints a table per part and writes bench/out/reliability-<time>.json,
 * each part's requests to bench/out/reliability-<time>-<part>.csv and the server's log to
 * bench/out/reliability-server-<part>.log.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import pg from "pg";
import { backlogMaxima, sampleBacklog, type BacklogSample, type BacklogSampler } from "./lib/backlog";
import { snapshotBuild, type BuildSnapshot } from "./lib/build-snapshot";
import { signedInCitizens } from "./lib/citizens";
import { startCpuMeter, type CpuMeter } from "./lib/cpu";
import { startPingProbe, type Ping } from "./lib/ping-probe";
import { BENCH_EVENT_KEY, BENCH_SIGNING_KEY, standinsCpuSeconds, startStandinProcess, type StandinProcess } from "./lib/inngest-standin-process";
import type { StandinStats } from "./lib/inngest-standin-child";
import { clusterServing, restartCluster } from "./lib/postgres-cluster";
import { failureKinds, fileReports, latencySummary, percentile, statusCounts, type Filed } from "./lib/report-load";
import { benchDatabase, startProductionServer, vacuumAnalyze, type BenchDatabase, type RunningServer } from "./lib/server";
import { startResendStandin } from "../tests/support/resend-standin";
import { startTwilioStandin } from "../e2e/support/twilio-standin";

const PARTS = ["sustained", "shedding", "pg-restart", "drain"] as const;
type Part = (typeof PARTS)[number];

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const only = (args.only ? args.only.split(",") : [...PARTS]) as Part[];
for (const p of only) if (!PARTS.includes(p)) throw new Error(`--only: unknown part "${p}" (parts: ${PARTS.join(", ")})`);
const num = (name: string, fallback: number) => {
  const v = args[name] === undefined ? fallback : Number(args[name]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const opts = {
  rate: num("rate", 50),
  duration: num("duration", 300),
  steps: (args.steps ?? "50,100,150,200,300,400,600").split(",").map(Number),
  stepSeconds: num("step-seconds", 10),
  restartDuration: num("restart-duration", 40),
  restartAt: num("restart-at", 10),
  events: num("events", 10_000),
  fillRate: num("fill-rate", 100),
  port: num("port", 3998),
};
if (opts.steps.some((s) => !(s > 0))) throw new Error("--steps must be a comma-separated list of positive rates");

const CITIZENS = 200;
const CLIENT_TIMEOUT_MS = 10_000;
const SETTLE_LIMIT_MS = 300_000;
const AUTH_SECRET = "bench-reliability-secret-0123456789abcdef";
const ENCRYPTION_KEY = "bench-reliability-encryption-key-012345";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;
const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);

function uptimeLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

// ---- one part's app: database, stand-in, server ----------------------------------------------------
interface App {
  url: string;
  database: BenchDatabase;
  databaseUrl: string;
  server: RunningServer;
  standin: StandinProcess | null;
  cookies: string[];
  stopStandin(): Promise<StandinStats | null>;
  startStandin(): Promise<void>;
  stop(): Promise<void>;
}

let stopCurrent: (() => Promise<void>) | null = null;
process.on("SIGINT", () => {
  void (stopCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130));
});

async function startApp(part: Part, build: BuildSnapshot): Promise<App> {
  const database = await benchDatabase("postgres");
  const twilio = await startTwilioStandin();
  const resend = await startResendStandin();
  let standin: StandinProcess | null = await startStandinProcess(0);
  const standinPort = Number(new URL(standin.url).port);
  const url = `http://127.0.0.1:${opts.port}`;
  let server: RunningServer | undefined;
  const stop = async () => {
    await server?.stop();
    await standin?.close();
    standin = null;
    await twilio.close();
    await resend.close();
    await database.drop();
  };
  stopCurrent = stop;
  try {
    server = await startProductionServer(
      opts.port,
      {
        ...database.env,
        NEXTAUTH_SECRET: AUTH_SECRET,
        NEXTAUTH_URL: url,
        APP_URL: url,
        OTP_SECRET: "bench-reliability-otp-secret-0123456789ab",
        INNGEST_ENCRYPTION_KEY: ENCRYPTION_KEY,
        INNGEST_SIGNING_KEY: BENCH_SIGNING_KEY,
        INNGEST_EVENT_KEY: BENCH_EVENT_KEY,
        INNGEST_BASE_URL: standin.url,
        NEXT_TELEMETRY_DISABLED: "1",
        DEV_MAILBOX: "0",
        SMS_PROVIDER: "twilio",
        TWILIO_BASE_URL: twilio.url,
        TWILIO_ACCOUNT_SID: "ACbench",
        TWILIO_AUTH_TOKEN: "bench-token",
        TWILIO_FROM: "+15005550006",
        RESEND_API_KEY: "re_bench_key",
        RESEND_BASE_URL: resend.url,
        // Two hundred citizens file the whole run: the per-citizen limit stays on, raised.
        REPORTS_LIMIT_PER_USER: "100000000",
      },
      // --cpu-prof writes when the server exits (its SIGTERM handler ends the process normally).
      "profile" in args ? ["--cpu-prof", `--cpu-prof-dir=${process.cwd()}/bench/out/profile-reliability-${part}`] : [],
      { cwd: build.dir, migrationsFrom: buildFrom, logFile: `bench/out/reliability-server-${part}.log` },
    );
    const health = await fetch(`${url}/api/health`).catch(() => null);
    if (health?.status !== 200) throw new Error(`the server is not healthy (GET /api/health: ${health?.status ?? "no answer"}); see bench/out/reliability-server-${part}.log`);
    await standin.register(`${url}/api/inngest`);
  } catch (err) {
    await stop();
    throw err;
  }
  const databaseUrl = database.env.DATABASE_URL!;
  const cookies = await signedInCitizens(databaseUrl, AUTH_SECRET, CITIZENS);
  return {
    url,
    database,
    databaseUrl,
    server,
    get standin() {
      return standin;
    },
    cookies,
    async stopStandin() {
      const last = await standin!.close();
      standin = null;
      return last;
    },
    async startStandin() {
      standin = await startStandinProcess(standinPort);
      await standin.register(`${url}/api/inngest`);
    },
    stop,
  };
}

/** Inngest's minute cron for the outbox sweep: at each minute's turn (or at once, then every minute). */
function minuteSweeps(app: App, startNow = false) {
  const runs: { at: string; status: string; output: unknown; ms: number }[] = [];
  const inFlight = new Set<Promise<void>>();
  const fire = () => {
    const s = app.standin;
    if (!s) return; // Inngest is down: no cron either
    const started = performance.now();
    const at = new Date().toISOString();
    const p = s
      .triggerCron("outbox-sweep")
      .then((r) => void runs.push({ at, status: r.status, output: r.output ?? r.error, ms: Math.round(performance.now() - started) }))
      .catch((err: Error) => void runs.push({ at, status: "not run", output: err.message, ms: Math.round(performance.now() - started) }));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  if (startNow) fire();
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      fire();
      interval = setInterval(fire, 60_000);
    },
    startNow ? 60_000 : 60_000 - (Date.now() % 60_000),
  );
  return {
    runs,
    async stop() {
      clearTimeout(first);
      clearInterval(interval);
      await Promise.allSettled([...inFlight]);
      return runs;
    },
  };
}

/** Waits until nothing is pending: outbox empty, every report's functions done, no run in flight. Seconds, or null past the limit. */
async function settle(sampler: BacklogSampler, limitMs = SETTLE_LIMIT_MS): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    const s = await sampler.sampleNow();
    if (s.outboxPending === 0 && s.unprocessedReports === 0 && (s.standinRunning ?? 0) === 0) return round1((performance.now() - started) / 1000);
    await sleep(1_000);
  }
  return null;
}

/** A few reports, then every effect done and fresh planner statistics: the measured run starts warm and empty. */
async function warmUp(app: App, sampler: BacklogSampler) {
  await fileReports({ url: app.url, cookies: app.cookies, rate: 10, durationS: 5, timeoutMs: CLIENT_TIMEOUT_MS });
  if ((await settle(sampler, 120_000)) === null) throw new Error("the warm-up's reports were not all handled within 2 minutes");
  await vacuumAnalyze(app.databaseUrl);
}

/** Which 2xx reports are missing from the database, or stored under another submission key. */
async function missingReports(databaseUrl: string, filed: Filed[]): Promise<number> {
  const ok = filed.filter((f) => f.status >= 200 && f.status < 300);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; submission_key: string }>("select id, submission_key from reports where id = any($1::uuid[])", [ok.map((f) => f.reportId ?? "00000000-0000-0000-0000-000000000000")]);
    const stored = new Map(rows.map((r) => [r.id, r.submission_key]));
    return ok.filter((f) => !f.reportId || stored.get(f.reportId) !== f.submissionKey).length;
  } finally {
    await client.end();
  }
}

/** Runs that did not end well: task_runs by status, and dead letters. */
async function runOutcomes(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const runs = await client.query<{ status: string; n: number }>("select status, count(*)::int as n from task_runs group by status order by status");
    const dead = await client.query<{ n: number }>("select count(*)::int as n from dead_letters");
    return { taskRuns: Object.fromEntries(runs.rows.map((r) => [r.status, r.n])), deadLetters: dead.rows[0]!.n };
  } finally {
    await client.end();
  }
}

function writeRequests(part: Part, filed: Filed[], origin: number) {
  const lines = filed.map((f) => `${Math.round(f.dueAt - origin)},${round1(f.ms)},${f.status},${f.failure ?? ""}`);
  writeFileSync(`bench/out/reliability-${stamp}-${part}.csv`, `due_ms,latency_ms,status,failure\n${lines.join("\n")}\n`);
}

/** The no-op query's latency between two performance.now() times: the server's own queueing then. */
function pingsBetween(pings: Ping[], from: number, to: number) {
  const inRange = pings.filter((p) => p.dueAt >= from && p.dueAt < to);
  const ms = inRange.map((p) => p.ms);
  return { pings: inRange.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100), failed: inRange.filter((p) => p.status !== 200).length };
}

/** Latency and answers in windows of `seconds`, by due time: how the run went over time. */
function windows(filed: Filed[], origin: number, seconds: number, samples: BacklogSample[], pings: Ping[]) {
  const out: Record<string, unknown>[] = [];
  const end = Math.max(...filed.map((f) => f.dueAt - origin));
  for (let from = 0; from <= end; from += seconds * 1000) {
    const inWindow = filed.filter((f) => f.dueAt - origin >= from && f.dueAt - origin < from + seconds * 1000);
    const s = latencySummary(inWindow);
    const backlog = backlogMaxima(samples.filter((x) => x.t * 1000 >= from && x.t * 1000 < from + seconds * 1000));
    const ping = pingsBetween(pings, origin + from, origin + from + seconds * 1000);
    out.push({
      from_s: from / 1000,
      sent: s.sent,
      ok: s.ok,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      non2xx: s.sent - s.ok,
      timeouts: s.timeouts,
      ping_p50: ping.p50,
      ping_p99: ping.p99,
      outbox_oldest_s: backlog.outboxOldestMaxS,
      unprocessed_oldest_s: backlog.unprocessedOldestMaxS,
      unprocessed_max: backlog.unprocessedReportsMax,
      runs_in_flight_max: backlog.standinRunningMax,
      runs_waiting_max: backlog.standinWaitingRunsMax,
    });
  }
  return out;
}

async function postgresPidFile(databaseUrl: string): Promise<string | null> {
  try {
    const c = await clusterServing(databaseUrl);
    return `/var/run/postgresql/${c.version}-${c.name}.pid`;
  } catch {
    return null;
  }
}

async function meter(app: App): Promise<CpuMeter> {
  return startCpuMeter({ server: app.server.pid, postgresPidFile: await postgresPidFile(app.databaseUrl) }, () => standinsCpuSeconds(app.standin));
}

const sealed = new LibSodiumEncryptionService(ENCRYPTION_KEY);
/** The sweeps' results, opened: functions' output is sealed by the encryption middleware. */
async function openSweeps(runs: { at: string; status: string; output: unknown; ms: number }[]) {
  return Promise.all(
    runs.map(async (r) => {
      const v = r.output as { __ENCRYPTED__?: boolean; data?: string } | null;
      return v?.__ENCRYPTED__ && typeof v.data === "string" ? { ...r, output: await sealed.decrypt(v.data) } : r;
    }),
  );
}

// ---- the parts -------------------------------------------------------------------------------------
async function sustained(app: App, sampler: BacklogSampler, pings: Ping[]) {
  const cpu = await meter(app);
  const sweeps = minuteSweeps(app);
  const origin = performance.now();
  const startSample = sampler.samples.length;
  const filed = await fileReports({ url: app.url, cookies: app.cookies, rate: opts.rate, durationS: opts.duration, timeoutMs: CLIENT_TIMEOUT_MS });
  const cpuDuring = await cpu.since();
  const appCalls = await app.standin?.calls(true);
  const loadSamples = sampler.samples.slice(startSample);
  // After the load: how fast the backlog goes down with no request to serve, and who used the CPU.
  const afterLoad = await meter(app);
  const clearedAfterS = await settle(sampler);
  const cpuAfterLoad = await afterLoad.since();
  const callsAfterLoad = await app.standin?.calls();
  const lastSample = sampler.samples.at(-1);
  const sweepRuns = await sweeps.stop();
  writeRequests("sustained", filed, origin);
  const during = backlogMaxima(loadSamples);
  const s = latencySummary(filed);
  const rebased = loadSamples.map((x) => ({ ...x, t: round1(x.t - (origin - sampler.origin) / 1000) }));
  return {
    rate: opts.rate,
    durationS: opts.duration,
    ...s,
    non2xx: s.sent - s.ok,
    failureKinds: failureKinds(filed),
    backlogDuringLoad: during,
    backlogClearedAfterLoadS: clearedAfterS,
    backlogAtSettleEnd: lastSample,
    missing2xxReports: await missingReports(app.databaseUrl, filed),
    cpuDuringLoad: cpuDuring,
    functionCallsDuringLoad: appCalls,
    cpuAfterLoad,
    functionCallsAfterLoad: callsAfterLoad,
    sweeps: await openSweeps(sweepRuns),
    pingDuringLoad: pingsBetween(pings, origin, origin + opts.duration * 1000),
    windows: windows(filed, origin, 30, rebased, pings),
    targets: {
      p99AtMost250ms: s.p99 !== null && s.p99 <= 250,
      noTimeouts: s.timeouts === 0,
      backlogNeverOver30s: (during.outboxOldestMaxS ?? 0) <= 30 && (during.unprocessedOldestMaxS ?? 0) <= 30,
    },
  };
}

async function shedding(app: App, sampler: BacklogSampler, pings: Ping[]) {
  const steps: Record<string, unknown>[] = [];
  const cpu = await meter(app);
  const sweeps = minuteSweeps(app);
  const origin = performance.now();
  const all: Filed[] = [];
  for (const rate of opts.steps) {
    const from = sampler.samples.length;
    const stepStarted = performance.now();
    const filed = await fileReports({ url: app.url, cookies: app.cookies, rate, durationS: opts.stepSeconds, timeoutMs: CLIENT_TIMEOUT_MS });
    all.push(...filed);
    const s = latencySummary(filed);
    const backlog = backlogMaxima(sampler.samples.slice(from));
    const shed = filed.filter((f) => f.status === 503);
    const ping = pingsBetween(pings, stepStarted, stepStarted + opts.stepSeconds * 1000);
    steps.push({
      offered: rate,
      sent: s.sent,
      ok: s.ok,
      served_per_s: round1(s.ok / opts.stepSeconds),
      shed_503: shed.length,
      shed_share: round1((100 * shed.length) / s.sent),
      other_failures: s.sent - s.ok - shed.length,
      timeouts: s.timeouts,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      shed_p99: s.shed503p99,
      ping_p50: ping.p50,
      ping_p99: ping.p99,
      retry_after: [...new Set(shed.map((f) => f.retryAfter))].join(" "),
      outbox_oldest_s: backlog.outboxOldestMaxS,
      unprocessed_oldest_s: backlog.unprocessedOldestMaxS,
      statuses: JSON.stringify(s.statuses),
      failure_kinds: JSON.stringify(failureKinds(filed)),
    });
    // Past half refused or failed, the point is found and more load shows nothing new.
    if (s.ok < s.sent / 2) break;
  }
  const cpuDuring = await cpu.since();
  const appCalls = await app.standin?.calls();
  await sweeps.stop();
  writeRequests("shedding", all, origin);
  const firstShedding = steps.find((s) => (s.shed_503 as number) > 0);
  const firstPercent = steps.find((s) => (s.shed_share as number) >= 1);
  return {
    stepSeconds: opts.stepSeconds,
    steps,
    firstRateWithA503: firstShedding?.offered ?? null,
    firstRateWithAtLeast1PercentShed: firstPercent?.offered ?? null,
    backlogAtEnd: sampler.samples.at(-1),
    missing2xxReports: await missingReports(app.databaseUrl, all),
    cpuDuringLoad: cpuDuring,
    functionCallsDuringLoad: appCalls,
  };
}

async function pgRestart(app: App, sampler: BacklogSampler, pings: Ping[]) {
  const cluster = await clusterServing(app.databaseUrl);
  const cpu = await meter(app);
  const sweeps = minuteSweeps(app);
  const origin = performance.now();
  const restart = (async () => {
    await sleep(opts.restartAt * 1000);
    const began = performance.now();
    await restartCluster(cluster);
    return { began, returned: performance.now() };
  })();
  const filed = await fileReports({ url: app.url, cookies: app.cookies, rate: opts.rate, durationS: opts.restartDuration, timeoutMs: CLIENT_TIMEOUT_MS });
  const { began, returned } = await restart;
  const cpuDuring = await cpu.since();
  const appCalls = await app.standin?.calls();
  await sweeps.stop();
  writeRequests("pg-restart", filed, origin);

  const ok = (f: Filed) => f.status >= 200 && f.status < 300;
  const failed = filed.filter((f) => !ok(f));
  const firstFailure = failed.reduce((m, f) => Math.min(m, f.dueAt), Infinity);
  const lastFailure = failed.reduce((m, f) => Math.max(m, f.dueAt), -Infinity);
  const firstOkAfterErrors = filed.filter((f) => ok(f) && f.dueAt > firstFailure).reduce((m, f) => Math.min(m, f.dueAt), Infinity);
  const unbrokenFrom = filed.filter((f) => f.dueAt > lastFailure).reduce((m, f) => Math.min(m, f.dueAt), Infinity);
  const rel = (t: number, from: number) => (Number.isFinite(t) ? Math.round(t - from) : null);
  const serverLog = readFileSync("bench/out/reliability-server-pg-restart.log", "utf8");
  const s = latencySummary(filed);
  return {
    cluster: `${cluster.version}/${cluster.name}`,
    rate: opts.rate,
    durationS: opts.restartDuration,
    restartAtMs: rel(began, origin),
    restartTookMs: Math.round(returned - began),
    sent: filed.length,
    statuses: statusCounts(filed),
    failures: failed.length,
    failuresNot503: failed.filter((f) => f.status !== 503).length,
    failuresWithoutRetryAfter: failed.filter((f) => !(Number(f.retryAfter) > 0)).length,
    failureKinds: failureKinds(filed),
    timeouts: s.timeouts,
    // Times by when requests were sent, from the moment pg_ctlcluster restart began.
    firstFailureMs: rel(firstFailure, began),
    lastFailureMs: rel(lastFailure, began),
    firstOkAfterErrorsMs: rel(firstOkAfterErrors, began),
    unbrokenSuccessFromMs: rel(unbrokenFrom, began),
    unbrokenSuccessAfterRestartReturnedMs: rel(unbrokenFrom, returned),
    failedLatencyP99: percentile(
      failed.map((f) => f.ms),
      99,
    ),
    slowestAnswerMs: round1(Math.max(...filed.map((f) => f.ms))),
    okP99: s.p99,
    pingDuringLoad: pingsBetween(pings, origin, origin + opts.restartDuration * 1000),
    missing2xxReports: await missingReports(app.databaseUrl, filed),
    uncaughtInServerLog: /uncaughtException|unhandledRejection/i.test(serverLog),
    backlogAtEnd: sampler.samples.at(-1),
    cpuDuringLoad: cpuDuring,
    functionCallsDuringLoad: appCalls,
  };
}

async function drain(app: App, sampler: BacklogSampler, pings: Ping[]) {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  const pendingNow = async () => (await client.query<{ n: number }>("select count(*)::int as n from event_outbox where sent_at is null")).rows[0]!.n;
  try {
    await app.stopStandin();
    const fillStarted = performance.now();
    const filled: Filed[] = [];
    for (let pending = await pendingNow(); pending < opts.events; pending = await pendingNow()) {
      const seconds = Math.max(1, Math.ceil((opts.events - pending) / opts.fillRate));
      filled.push(...(await fileReports({ url: app.url, cookies: app.cookies, rate: opts.fillRate, durationS: seconds, timeoutMs: CLIENT_TIMEOUT_MS })));
    }
    const fillS = round1((performance.now() - fillStarted) / 1000);
    const atReturn = (
      await client.query<{ pending: number; leased: number; lease_left_max_s: number | null; attempts_max: number | null }>(
        `select count(*)::int as pending, count(*) filter (where locked_until > now())::int as leased,
                extract(epoch from max(locked_until) - now())::float8 as lease_left_max_s, max(attempts)::int as attempts_max
         from event_outbox where sent_at is null`,
      )
    ).rows[0]!;

    const cpu = await meter(app);
    const back = performance.now();
    await app.startStandin();
    const sweeps = minuteSweeps(app, true);
    let outboxEmptyS: number | null = null;
    let allDoneS: number | null = null;
    const limit = 60 * 60_000;
    while (performance.now() - back < limit) {
      const s = await sampler.sampleNow();
      const t = round1((performance.now() - back) / 1000);
      if (outboxEmptyS === null && s.outboxPending === 0) outboxEmptyS = t;
      if (s.outboxPending === 0 && s.unprocessedReports === 0 && (s.standinRunning ?? 0) === 0) {
        allDoneS = t;
        break;
      }
      await sleep(1_000);
    }
    const cpuDuring = await cpu.since();
    const drained = performance.now();
    const sweepRuns = await sweeps.stop();
    const stats = await app.standin!.stats();
    const appCalls = await app.standin!.calls();
    return {
      events: opts.events,
      filed: filled.length,
      fillStatuses: statusCounts(filled),
      fillSeconds: fillS,
      atReturn,
      outboxEmptyAfterS: outboxEmptyS,
      allFunctionsRanAfterS: allDoneS,
      eventsPerSecondToEmpty: outboxEmptyS ? round1(atReturn.pending / outboxEmptyS) : null,
      // What a request waited meanwhile (no report is filed while the backlog drains).
      pingWhileDraining: pingsBetween(pings, back, drained),
      standinFinished: stats.finished,
      functionCallsWhileDraining: appCalls,
      sweeps: await openSweeps(sweepRuns),
      missing2xxReports: await missingReports(app.databaseUrl, filled),
      cpuWhileDraining: cpuDuring,
    };
  } finally {
    await client.end();
  }
}

// ---- run ----------------------------------------------------------------------------------------
mkdirSync("bench/out", { recursive: true });
const git = (...a: string[]) => execFileSync("git", a, { encoding: "utf8" }).trim();
const build = await snapshotBuild(args["build-dir"] ?? process.cwd());
// The commit of the checkout the build came from, and how many app files differed from it (a build of
// another folder, --build-dir, is described by that folder: a git checkout, or a copy whose commit the
// runner records).
const buildFrom = args["build-dir"] ?? process.cwd();
const gitIn = (...a: string[]) => {
  try {
    return git("-C", buildFrom, ...a);
  } catch {
    return null;
  }
};
const meta = {
  at: new Date().toISOString(),
  commit: gitIn("rev-parse", "--short", "HEAD"),
  uncommittedAppFiles: gitIn("status", "--porcelain", "--", "src", "inngest", "migrations", "next.config.ts", "package.json")
    ?.split("\n")
    .filter(Boolean).length ?? null,
  build: { from: buildFrom, id: build.buildId, builtAt: build.builtAt.toISOString() },
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  options: opts,
};
console.log(
  `reliability bench: build ${meta.build.id} of ${meta.build.builtAt} from ${buildFrom} (${meta.commit === null ? "not a git checkout" : `at ${meta.commit}, ${meta.uncommittedAppFiles} app files uncommitted`}); ${meta.machine}`,
);
const results: Record<string, unknown> = {};
const runners: Record<Part, (app: App, sampler: BacklogSampler, pings: Ping[]) => Promise<Record<string, unknown>>> = { sustained, shedding, "pg-restart": pgRestart, drain };

try {
  for (const part of only) {
    const app = await startApp(part, build);
    let sampler: BacklogSampler | undefined;
    try {
      sampler = await sampleBacklog(app.databaseUrl, () => app.standin);
      await warmUp(app, sampler);
      await app.standin?.calls(true);
      const startedAt = new Date().toISOString();
      const loadAtStart = uptimeLoad();
      console.log(`${part}: from ${startedAt}, load average ${loadAtStart}`);
      const probe = startPingProbe(app.url);
      const result = await runners[part](app, sampler, probe.pings).finally(() => probe.stop());
      const standin = app.standin ? await app.standin.stats() : null;
      results[part] = {
        startedAt,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: uptimeLoad(),
        postgres: app.database.label,
        databasePoolMax: app.database.env.DATABASE_POOL_MAX,
        ...result,
        runOutcomes: await runOutcomes(app.databaseUrl),
        backlogSamples: sampler.samples,
        standinLimits: standin?.limits ?? null,
        standinWarnings: standin?.warnings ?? [],
      };
    } finally {
      await sampler?.stop();
      await app.stop();
      stopCurrent = null;
    }
    writeFileSync(`bench/out/reliability-${stamp}.json`, JSON.stringify({ ...meta, results }, null, 2));
  }
} finally {
  build.remove();
}

// ---- the tables ------------------------------------------------------------------------------------
const r = results as Record<Part, Record<string, any>>;
if (r.sustained) {
  const x = r.sustained;
  console.log(`\nsustained: ${x.rate} reports/s for ${x.durationS} s, from ${x.startedAt}, load average ${x.loadAverageAtStart} → ${x.loadAverageAtEnd}`);
  console.table([
    {
      sent: x.sent,
      ok: x.ok,
      p50: x.p50,
      p95: x.p95,
      p99: x.p99,
      max: x.max,
      timeouts: x.timeouts,
      statuses: JSON.stringify(x.statuses),
      ping_p99: x.pingDuringLoad.p99,
      outbox_oldest_max_s: x.backlogDuringLoad.outboxOldestMaxS,
      unprocessed_oldest_max_s: x.backlogDuringLoad.unprocessedOldestMaxS,
      runs_in_flight_max: x.backlogDuringLoad.standinRunningMax,
      runs_waiting_max: x.backlogDuringLoad.standinWaitingRunsMax,
      cleared_after_load_s: x.backlogClearedAfterLoadS,
      missing_2xx: x.missing2xxReports,
    },
  ]);
  console.table(x.windows);
  console.log("CPU seconds during the load:", JSON.stringify(x.cpuDuringLoad), "targets:", JSON.stringify(x.targets));
  console.log(`after the load: ${x.backlogClearedAfterLoadS === null ? `not cleared in ${SETTLE_LIMIT_MS / 1000} s, at the end ${JSON.stringify(x.backlogAtSettleEnd)}` : `cleared in ${x.backlogClearedAfterLoadS} s`}; CPU seconds:`, JSON.stringify(x.cpuAfterLoad));
}
if (r.shedding) {
  const x = r.shedding;
  console.log(`\nshedding: ${x.stepSeconds} s per step, from ${x.startedAt}, load average ${x.loadAverageAtStart} → ${x.loadAverageAtEnd}; first 503 at ${x.firstRateWithA503} reports/s, ≥1 % shed at ${x.firstRateWithAtLeast1PercentShed}`);
  console.table(x.steps);
  console.log("CPU seconds during the steps:", JSON.stringify(x.cpuDuringLoad));
}
if (r["pg-restart"]) {
  const x = r["pg-restart"];
  console.log(`\npg-restart: ${x.rate} reports/s for ${x.durationS} s, ${x.cluster} restarted at ${x.restartAtMs} ms (took ${x.restartTookMs} ms), from ${x.startedAt}, load average ${x.loadAverageAtStart} → ${x.loadAverageAtEnd}`);
  console.table([
    {
      sent: x.sent,
      statuses: JSON.stringify(x.statuses),
      not_503: x.failuresNot503,
      timeouts: x.timeouts,
      first_failure_ms: x.firstFailureMs,
      first_ok_after_errors_ms: x.firstOkAfterErrorsMs,
      unbroken_from_ms: x.unbrokenSuccessFromMs,
      unbroken_after_return_ms: x.unbrokenSuccessAfterRestartReturnedMs,
      failed_p99: x.failedLatencyP99,
      ping_p99: x.pingDuringLoad.p99,
      slowest: x.slowestAnswerMs,
      missing_2xx: x.missing2xxReports,
      uncaught: x.uncaughtInServerLog,
    },
  ]);
}
if (r.drain) {
  const x = r.drain;
  console.log(`\ndrain: ${x.atReturn.pending} events pending at Inngest's return (${x.atReturn.leased} in a backoff lease, up to ${x.atReturn.lease_left_max_s?.toFixed(1)} s left), from ${x.startedAt}, load average ${x.loadAverageAtStart} → ${x.loadAverageAtEnd}`);
  console.table([
    {
      filed: x.filed,
      fill_s: x.fillSeconds,
      fill_statuses: JSON.stringify(x.fillStatuses),
      outbox_empty_after_s: x.outboxEmptyAfterS,
      all_functions_ran_after_s: x.allFunctionsRanAfterS,
      events_per_s_to_empty: x.eventsPerSecondToEmpty,
      ping_p99_while_draining: x.pingWhileDraining.p99,
      missing_2xx: x.missing2xxReports,
    },
  ]);
  console.log("finished runs [completed, failed]:", JSON.stringify(x.standinFinished), "sweeps:", JSON.stringify(x.sweeps));
}
for (const part of only) {
  const calls = (r[part]?.functionCallsDuringLoad ?? r[part]?.functionCallsWhileDraining) as Record<string, { calls: number; call: Record<string, number> }> | undefined;
  if (!calls) continue;
  console.log(`\n${part}: the stand-in's calls to /api/inngest (one per step), ms`);
  console.table(Object.entries(calls).map(([fn, c]) => ({ function: fn, calls: c.calls, call_p50: c.call.p50, call_p99: c.call.p99, call_max: c.call.max })));
}
console.log(`\nwritten: bench/out/reliability-${stamp}.json`);
