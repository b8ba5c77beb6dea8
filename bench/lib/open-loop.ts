/**
 * A fixed offered rate (open loop): request i is due at start + i / rate, and is sent then whether
 * or not earlier ones have been answered. Its latency runs from when it was due, so a server (or a
 * load generator) that falls behind is charged for the wait (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it gives each connection a per-second quota and sends it back
 * to back at each one-second tick, so 200 req/s over 50 connections arrives as a burst of 200
 * requests, 50 at a time, at the start of every second, and it back-fills latencies as if one
 * request were due every millisecond. That measures bursts, not a steady rate. autocannon stays in
 * use for the closed-loop (fixed connections) scenarios.
 */
import { Agent, request } from "node:http";
import type { Request as CannonRequest } from "autocannon";

export interface OpenLoopResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Each answered request: when it was due (ms after the start), its latency, and how late it was sent (ms). */
  samples: [number, number, number][];
  /** The 99th percentile of how late requests were sent: the load generator's own delay, charged to latency. */
  sendLagP99: number;
  /** Body sizes of the 2xx answers, in bytes (as sent: the load generator asks for no compression). */
  bytes: { p50: number; max: number };
}

export interface OpenLoopOptions {
  url: string;
  rate: number;
  duration: number;
  requests: CannonRequest[];
  maxSockets?: number;
  timeoutMs?: number;
}

/** One window of load as it was recorded, before percentiles: windows of one scenario taking turns with another are pooled (bench/run.ts). */
export interface OpenLoopWindow {
  /** Latencies (ms) of the 2xx answers. */
  ok: number[];
  /** Body sizes (bytes) of the 2xx answers. */
  bytes: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Each answered request: when it was due (performance.now()), its latency and how late it was sent. */
  samples: [number, number, number][];
  /** Seconds from the first request's due time until the last answer. */
  elapsed: number;
}

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  return summarize([await openLoopWindow(opts)]);
}

export async function openLoopWindow(opts: OpenLoopOptions): Promise<OpenLoopWindow> {
  const base = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 256 });
  const template = opts.requests[0]!;
  const total = Math.round(opts.rate * opts.duration);
  const latencies: number[] = [];
  const bytes: number[] = [];
  const samples: [number, number, number][] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();

  let started = 0;
  const fire = (dueAt: number) => {
    const lag = performance.now() - dueAt;
    const built = (template.setupRequest ? template.setupRequest({ ...template } as never, {}) : template) as CannonRequest & { body?: string };
    const p = new Promise<void>((resolve) => {
      const req = request(
        { host: base.hostname, port: base.port, path: built.path, method: built.method ?? "GET", headers: built.headers, agent, timeout: opts.timeoutMs ?? 10_000 },
        (res) => {
          let size = 0;
          res.on("data", (chunk: Buffer) => (size += chunk.length));
          res.on("end", () => {
            const latency = performance.now() - dueAt;
            samples.push([dueAt, Math.round(latency * 10) / 10, Math.round(lag * 10) / 10]);
            if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) {
              latencies.push(latency);
              bytes.push(size);
            } else non2xx++;
            resolve();
          });
        },
      );
      req.on("timeout", () => {
        timeouts++;
        req.destroy();
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(built.body);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  started = performance.now();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // Everything due by now goes out now; a late tick of this loop still charges the full wait.
    while (sent < total && started + (sent * 1000) / opts.rate <= now) fire(started + (sent++ * 1000) / opts.rate);
    const next = started + (sent * 1000) / opts.rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { ok: latencies, bytes, non2xx, errors, timeouts, samples, elapsed };
}

/** Percentiles over one or more windows of the same scenario, as if they were one run. */
export function summarize(windows: OpenLoopWindow[]): OpenLoopResult {
  const latencies = windows.flatMap((w) => w.ok).sort((a, b) => a - b);
  const samples = windows.flatMap((w) => w.samples).sort((a, b) => a[0] - b[0]);
  const first = samples[0]?.[0] ?? 0;
  const sum = (f: (w: OpenLoopWindow) => number) => windows.reduce((n, w) => n + f(w), 0);
  const total = latencies.length + sum((w) => w.non2xx);
  const sizes = windows.flatMap((w) => w.bytes).sort((a, b) => a - b);
  const lags = samples.map((x) => x[2]).sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10 : NaN);
  return {
    requests: { total, average: Math.round((total / sum((w) => w.elapsed)) * 100) / 100 },
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
    non2xx: sum((w) => w.non2xx),
    errors: sum((w) => w.errors),
    timeouts: sum((w) => w.timeouts),
    samples: samples.map(([due, latency, lag]) => [Math.round(due - first), latency, lag]),
    sendLagP99: lags[Math.min(lags.length - 1, Math.floor(0.99 * lags.length))] ?? NaN,
    bytes: { p50: sizes[Math.floor(sizes.length / 2)] ?? NaN, max: sizes.at(-1) ?? NaN },
  };
}
