/**
 * tRPC over plain node:http for the fault suite: every call comes back as an Answer, whatever
 * happened (a 503, a reset connection, no answer in time), so a test can record thousands of them
 * under load and judge them afterwards. Keep-alive sockets without a cap: a load test that queued
 * its own requests would measure its own queue, not the server.
 */
import { Agent, request } from "node:http";
import superjson from "superjson";

export interface Answer<T = unknown> {
  /** HTTP status; 0 when no answer came (connection refused or reset, or `timeoutMs` passed). */
  status: number;
  /** From sending the request to the end of the answer. */
  ms: number;
  retryAfter: string | null;
  data?: T;
  error?: { message: string; code?: string };
  /** Why there was no answer, when status is 0. */
  failure?: string;
}

interface TrpcBody {
  result?: { data?: unknown };
  error?: { json?: { message?: string; data?: { code?: string } } };
}

function parse<T>(status: number, text: string): Pick<Answer<T>, "data" | "error"> {
  let body: TrpcBody;
  try {
    body = JSON.parse(text) as TrpcBody;
  } catch {
    return { error: { message: `not JSON: ${text.slice(0, 200)}` } };
  }
  if (body.result?.data !== undefined) return { data: superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as T };
  if (body.error?.json) return { error: { message: body.error.json.message ?? "", code: body.error.json.data?.code } };
  return { error: { message: `unexpected answer ${status}: ${text.slice(0, 200)}` } };
}

export class FaultClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity });

  constructor(
    private readonly base: string,
    private readonly timeoutMs = 10_000,
  ) {}

  mutation<T = unknown>(path: string, input: unknown, cookie?: string): Promise<Answer<T>> {
    return this.send<T>("POST", `/api/trpc/${path}`, cookie, JSON.stringify(superjson.serialize(input)));
  }

  query<T = unknown>(path: string, input?: unknown, cookie?: string): Promise<Answer<T>> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    return this.send<T>("GET", `/api/trpc/${path}${qs}`, cookie);
  }

  /** A plain GET (health, pages): status and time only. */
  get(path: string): Promise<Answer> {
    return this.send("GET", path, undefined, undefined, false);
  }

  close() {
    this.agent.destroy();
  }

  private send<T>(method: string, path: string, cookie: string | undefined, body?: string, trpc = true): Promise<Answer<T>> {
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (answer: Omit<Answer<T>, "ms">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...answer, ms: performance.now() - started });
      };
      const headers: Record<string, string> = {};
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(Buffer.byteLength(body));
      }
      const req = request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => done({ status: 0, retryAfter: null, failure: err.message }));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const retryAfter = (res.headers["retry-after"] as string | undefined) ?? null;
          done({ status, retryAfter, ...(trpc ? parse<T>(status, Buffer.concat(chunks).toString("utf8")) : {}) });
        });
      });
      const timer = setTimeout(() => {
        done({ status: 0, retryAfter: null, failure: `no answer within ${this.timeoutMs} ms` });
        req.destroy();
      }, this.timeoutMs);
      req.on("error", (err) => done({ status: 0, retryAfter: null, failure: err.message }));
      req.end(body);
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `send` `perSecond` times a second for `durationMs` without waiting for earlier answers (an
 * open loop, as independent users arrive), and resolves with every answer once all have come back.
 */
export async function atRate<T>(perSecond: number, durationMs: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const total = Math.round((perSecond * durationMs) / 1000);
  const started = performance.now();
  const calls: Promise<T>[] = [];
  while (calls.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
    while (calls.length < due) calls.push(send(calls.length));
    await sleep(2);
  }
  return Promise.all(calls);
}

/** The p-th percentile (0-100) of some numbers, by nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** How many answers had each status ("0" for none), for the test output. */
export function statusCounts(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
