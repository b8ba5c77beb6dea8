/**
 * Citizens filing reports (`reports.create`) at a fixed offered rate, an open loop like
 * open-loop.ts (request i is due at start + i / rate and is sent then, answered or not; its latency
 * runs from when it was due), keeping every answer: its status, Retry-After, the report id it was
 * given and the submission key it was sent with, so a run can be judged afterwards (which 2xx are
 * in the database, when failures started and stopped). No socket cap: a load generator that queued
 * its own requests would measure its own queue.
 */
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";

export interface Filed {
  /** performance.now() when the request was due. */
  dueAt: number;
  /** From due to the end of the answer (to the give-up for a timeout). */
  ms: number;
  /** HTTP status; 0 when no answer came (timeout, refused or reset connection). */
  status: number;
  failure?: string;
  retryAfter: string | null;
  submissionKey: string;
  /** The id of the report, from a 2xx answer. */
  reportId?: string;
  /** The error's message, from any other answer (tRPC's error shape), or the start of its body. */
  error?: string;
}

export interface ReportLoadOptions {
  url: string;
  cookies: string[];
  rate: number;
  durationS: number;
  /** A request with no answer this long after it was due is given up and counted as a timeout. */
  timeoutMs: number;
}

const severities = ["low", "medium", "high", "critical"];
let filedSoFar = 0;

/** The i-th bench report as reports.create's HTTP body; the bench's scenarios file the same reports. */
export function reportBody(i: number, submissionKey: string): string {
  return JSON.stringify({
    json: {
      title: `Overflowing garbage bin number ${i}`,
      description: "The bin at the corner has not been cleared for three days and is spilling onto the road.",
      latitude: 12.9 + (i % 1000) / 10_000,
      longitude: 77.5 + (i % 777) / 10_000,
      severity: severities[i % 4],
      submissionKey,
    },
  });
}

function reportIdOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { result?: { data?: { json?: { id?: string } } } }).result?.data?.json?.id;
  } catch {
    return undefined;
  }
}

function errorOf(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { json?: { message?: string } } }).error?.json?.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

export async function fileReports(opts: ReportLoadOptions): Promise<Filed[]> {
  const base = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const total = Math.round(opts.rate * opts.durationS);
  const answers: Promise<Filed>[] = [];

  const fire = (dueAt: number): Promise<Filed> => {
    const i = filedSoFar++;
    const submissionKey = randomUUID();
    const body = reportBody(i, submissionKey);
    return new Promise((resolve) => {
      let settled = false;
      const done = (status: number, extra: Partial<Filed> = {}) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ dueAt, ms: performance.now() - dueAt, status, retryAfter: null, submissionKey, ...extra });
      };
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          path: "/api/trpc/reports.create",
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie: opts.cookies[i % opts.cookies.length]! },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) => done(0, { failure: err.message }));
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            const retryAfter = (res.headers["retry-after"] as string | undefined) ?? null;
            const text = Buffer.concat(chunks).toString("utf8");
            done(status, { retryAfter, ...(status >= 200 && status < 300 ? { reportId: reportIdOf(text) } : { error: errorOf(text) }) });
          });
        },
      );
      const timer = setTimeout(() => {
        done(0, { failure: "timeout" });
        req.destroy();
      }, Math.max(1, opts.timeoutMs - (performance.now() - dueAt)));
      req.on("error", (err) => done(0, { failure: err.message }));
      req.end(body);
    });
  };

  const started = performance.now();
  while (answers.length < total) {
    // Everything due by now goes out now; a late tick of this loop is still charged from the due time.
    const now = performance.now();
    while (answers.length < total && started + (answers.length * 1000) / opts.rate <= now) answers.push(fire(started + (answers.length * 1000) / opts.rate));
    const next = started + (answers.length * 1000) / opts.rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const filed = await Promise.all(answers);
  agent.destroy();
  return filed;
}

/** The p-th percentile (0-100) by nearest rank, to 0.1 ms; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! * 10) / 10;
}

/** Answers by status ("0" for none), e.g. { "200": 14990, "503": 10 }. */
export function statusCounts(filed: Filed[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of filed) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return counts;
}

/** The answers that were not 2xx, grouped by status, Retry-After and message: what the failures were. */
export function failureKinds(filed: Filed[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const f of filed) {
    if (f.status >= 200 && f.status < 300) continue;
    const kind = `${f.status} retry-after=${f.retryAfter ?? "none"}: ${f.failure ?? f.error ?? ""}`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

/** Latency percentiles of the 2xx answers and of the rest, and what did not come back in time. */
export function latencySummary(filed: Filed[]) {
  const ok = filed.filter((f) => f.status >= 200 && f.status < 300).map((f) => f.ms);
  const shed = filed.filter((f) => f.status === 503).map((f) => f.ms);
  return {
    sent: filed.length,
    ok: ok.length,
    p50: percentile(ok, 50),
    p95: percentile(ok, 95),
    p99: percentile(ok, 99),
    max: percentile(ok, 100),
    timeouts: filed.filter((f) => f.failure === "timeout").length,
    statuses: statusCounts(filed),
    shed503p99: percentile(shed, 99),
  };
}
