/**
 * The Inngest stand-in (tests/support/inngest-standin.ts) in a process of its own, driven over IPC
 * by inngest-standin-process.ts. It runs every function against the benchmarked server: hundreds of
 * signed calls a second, whose JSON and HMAC work would otherwise stall the load generator's event
 * loop and be charged to the server's latency. The stand-in keeps each function's concurrency limit
 * as Inngest does: a run's next step waits for a slot.
 *
 * What it keeps is cheap to keep at that rate: the runs in flight (from the stand-in's log lines),
 * the calls to the app in flight and how long each took (around the stand-in's fetch), counts per
 * function, and each distinct warning once.
 */
import { startInngestStandin } from "../../tests/support/inngest-standin";

export type StandinCommand =
  | { id: number; cmd: "register"; appUrl: string }
  | { id: number; cmd: "triggerCron"; functionId: string }
  | { id: number; cmd: "stats" }
  | { id: number; cmd: "calls"; reset: boolean }
  | { id: number; cmd: "close" };

export interface CallSummary {
  calls: number;
  /** ms from the call to the end of the app's answer. */
  call: { p50: number; p99: number; max: number };
}

export interface StandinStats {
  /** Runs started and not finished (waiting for a concurrency slot included). */
  running: number;
  /** When the longest-running of them started (Date.now()), or null. */
  oldestRunningSince: number | null;
  /** Calls to the app in flight: the runs in flight less these are waiting for a slot. */
  callsInFlight: number;
  /** Finished runs per function id: [completed, failed]. */
  finished: Record<string, [number, number]>;
  /** Fresh events received from the app (not Inngest's own internal ones). */
  eventsReceived: number;
  /** The concurrency limits the stand-in keeps, per function id, as it read them from the sync. */
  limits: Record<string, string>;
  warnings: string[];
  /** CPU (user + system) this process has used. */
  cpuSeconds: number;
}

const [port, signingKey, eventKey] = process.argv.slice(2);

// ---- what the stand-in logs ---------------------------------------------------------------------
const running = new Map<string, number>();
const finished: Record<string, [number, number]> = {};
const warnings = new Set<string>();
let eventsReceived = 0;

const START = /^run (\S+) of (\S+) for /;
const END = /^run (\S+) of (\S+) (completed|failed)$/;
const EVENT = /^event (\S+) \S+/;
// Chatter logged for every run or event is not a warning; "function x: ignoring unsupported config" is.
const CHATTER = /^run \S+: retrying|^run \S+: ignoring |^answered |^registered app /;

function log(line: string) {
  let m = START.exec(line);
  if (m) {
    running.set(m[1]!, Date.now());
    return;
  }
  m = END.exec(line);
  if (m) {
    running.delete(m[1]!);
    const counts = (finished[m[2]!] ??= [0, 0]);
    counts[m[3] === "completed" ? 0 : 1]++;
    return;
  }
  m = EVENT.exec(line);
  if (m) {
    if (!m[1]!.startsWith("inngest/") && !line.endsWith("(duplicate id: no runs)")) eventsReceived++;
    return;
  }
  if (!CHATTER.test(line) && warnings.size < 50) warnings.add(line);
}

// ---- the stand-in's calls to the app --------------------------------------------------------------
// Per function: how long each call to the app took (ms).
let callTimes = new Map<string, number[]>();
let callsInFlight = 0;
const realFetch = globalThis.fetch;

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const fnId = new URL(input instanceof Request ? input.url : input.toString()).searchParams.get("fnId");
  if (init?.method !== "POST" || !fnId) return realFetch(input, init);
  const started = performance.now();
  callsInFlight++;
  try {
    const res = await realFetch(input, init);
    const body = await res.arrayBuffer();
    const times = callTimes.get(fnId) ?? [];
    callTimes.set(fnId, times);
    times.push(performance.now() - started);
    return new Response(NULL_BODY.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } finally {
    callsInFlight--;
  }
};
const NULL_BODY = new Set([101, 204, 205, 304]);

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Calls to the app per function since the last reset: how many, and how long they took. */
function callSummary(): Record<string, CallSummary> {
  return Object.fromEntries([...callTimes].map(([fn, t]) => [fn, { calls: t.length, call: percentiles(t) }]));
}

const standin = await startInngestStandin({ port: Number(port), signingKey, eventKey, log });

function describeLimits(): Record<string, string> {
  const described = standin.functions().map((fn) => {
    const limits = (fn as { concurrency?: { limit: number; key?: string }[] }).concurrency;
    return [fn.id, limits === undefined ? "not kept by this stand-in" : limits.map((l) => (l.key ? `${l.limit} per ${l.key}` : String(l.limit))).join(" and ") || "none"];
  });
  return Object.fromEntries(described);
}

function stats(): StandinStats {
  let oldest: number | null = null;
  for (const since of running.values()) if (oldest === null || since < oldest) oldest = since;
  const cpu = process.cpuUsage();
  return {
    running: running.size,
    oldestRunningSince: oldest,
    callsInFlight,
    finished,
    eventsReceived,
    limits: describeLimits(),
    warnings: [...warnings],
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

const send = (message: unknown) => process.send!(message);
process.on("message", async (message: StandinCommand) => {
  try {
    switch (message.cmd) {
      case "register":
        await standin.register(message.appUrl);
        return send({ id: message.id, ok: true });
      case "triggerCron":
        return send({ id: message.id, ok: true, result: await standin.triggerCron(message.functionId) });
      case "stats":
        return send({ id: message.id, ok: true, result: stats() });
      case "calls": {
        const result = callSummary();
        if (message.reset) callTimes = new Map();
        return send({ id: message.id, ok: true, result });
      }
      case "close": {
        await standin.close();
        send({ id: message.id, ok: true, result: stats() });
        process.disconnect();
        return;
      }
    }
  } catch (err) {
    send({ id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
// The parent gone (a crash, Ctrl-C) means this stand-in has no one to serve.
process.on("disconnect", () => process.exit(0));
send({ ready: standin.url });
