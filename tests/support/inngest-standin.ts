/**
 * Test-only stand-in for the Inngest dev server (inngest-cli cannot be
 * installed here). It speaks the classic HTTP protocol of the `inngest` JS SDK
 * v4 (request/206-ops, no checkpointing), as read from the SDK sources
 * (InngestCommHandler, execution/engine, helpers/consts) and inngest's
 * docs/SDK_SPEC.md:
 *
 * - Sync: the SDK answers our `PUT <appUrl>` by POSTing its function configs to
 *   `<INNGEST_BASE_URL>/fn/register`.
 * - Events: the SDK POSTs a JSON array to `/e/<eventKey>` and expects
 *   `{ ids: string[], status: 200 }`.
 * - Calls: we POST `{ event, events, steps, ctx, version }` to each function's
 *   step URL (`...?fnId=<id>&stepId=step|<hashed step id>`). 200 = done,
 *   206 = array of ops, other = error (`x-inngest-no-retry: true` = final).
 *
 * We never send `ctx.fn_id`: the SDK only checkpoints (calls /v1/checkpoint)
 * when it is present, so the classic protocol is used even if the app's client
 * forgot `checkpointing: false`.
 *
 * Concurrency limits are kept as Inngest keeps them for a function: at most `limit` of its steps
 * run at once (per value of `key`, when given; `scope` is not modelled), the rest wait their turn.
 *
 * Debounce is kept as Inngest keeps it: per function and value of `key`, a triggering event starts
 * no run; the run starts `period` after the last of them (with that last event), or `timeout` after
 * the first when events keep coming. `debounceScale` shrinks both, so a test need not wait minutes.
 *
 * Not supported (logged when hit): batching, throttle/
 * rate limits, idempotency keys, priority, cancelOn, singleton, real sleeps
 * (they complete at once, unless `realTimers`), real cron scheduling (unless `cronIntervalMs`),
 * step.ai / fetch gateway ops, signals (time out at once), Retry-After (we
 * always wait `retryDelayMs`), `use_api` payload offloading. With `signingKey` it signs its calls and
 * checks the app's signed answers as Inngest Cloud does (inngest-signature.ts).
 * Trigger expressions support only `== != < <= > >= && || ! ( )` over literals
 * and `event.` / `async.` paths.
 *
 * `deliverTimes: n` (default 1) starts every run a fresh event triggers n times at once, as Inngest's
 * at-least-once delivery may: the fault suite uses it to show that no function's effect happens twice.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hashedSigningKey, signInngestRequest, verifyInngestSignature } from "./inngest-signature";

export interface StandinOptions {
  port?: number; // 0 / undefined = random free port
  appUrl?: string; // serve URL; if set, also replaces origin+path of reported step URLs
  retryDelayMs?: number; // delay before retrying a failed attempt (default 50)
  log?: (msg: string) => void; // default: gaps/warnings to console.warn, chatter dropped
  cronIntervalMs?: number; // if set, fire every cron function this often
  waitForEventMs?: number; // how long step.waitForEvent may wait for a match (default 0 = time out at once)
  /**
   * Keep time as Inngest does: step.sleep/sleepUntil resume when their duration or date is reached,
   * and step.waitForEvent times out at its own `timeout` (a date or a duration), not `waitForEventMs`.
   * A date already past resumes at once, as a deadline missed while Inngest was down does.
   */
  realTimers?: boolean;
  requestTimeoutMs?: number; // per call to the app (default 60s)
  /**
   * Cloud mode, as a production app runs: every call to the app (run, sync, introspection) is
   * signed with this key, every answer's signature is checked, and a sync must carry the key's hash.
   * Unset: dev mode, like the Dev Server (nothing signed).
   */
  signingKey?: string;
  /** With signingKey: events are accepted only at /e/<this key>, as Inngest accepts only known keys. */
  eventKey?: string;
  /** Runs started per triggered function for each fresh event (default 1); see the header comment. */
  deliverTimes?: number;
  /** Multiplies every debounce period and timeout (default 1); e.g. 0.01 makes "1m" 600 ms. */
  debounceScale?: number;
}
export interface Trigger { event?: string; expression?: string; cron?: string }
export interface ConcurrencyLimit { limit: number; key?: string }
export interface Debounce { period: string; key?: string; timeout?: string }
export interface RegisteredFunction { id: string; name: string; appName: string; triggers: Trigger[]; retries: number; url: string; concurrency: ConcurrencyLimit[]; debounce?: Debounce }
export interface EventPayload { id: string; name: string; data: Record<string, unknown>; ts: number; user?: unknown; v?: string }
export interface ReceivedEvent extends EventPayload { duplicate: boolean; internal: boolean }
export interface RunOp { id: string; op: string; name?: string; displayName?: string; attempt: number }
export interface RunRecord {
  runId: string; functionId: string; eventId: string; eventName: string;
  status: "running" | "completed" | "failed";
  /** 1 + number of retries this run needed (summed over all steps). */
  attempts: number;
  output?: unknown; error?: unknown;
  /** Every op the SDK reported, in order (StepRun, StepError, Sleep, ...). */
  ops: RunOp[];
  startedAt: number; endedAt?: number;
}
export interface InngestStandin {
  url: string;
  register(appUrl?: string): Promise<void>;
  functions(): RegisteredFunction[];
  events(): ReceivedEvent[];
  runs(): RunRecord[];
  /** Starts a run of a cron function and resolves with it once it has finished. */
  triggerCron(functionId: string): Promise<RunRecord>;
  send(events: Array<{ name: string; data?: Record<string, unknown>; id?: string; ts?: number }>): Promise<string[]>;
  waitForIdle(timeoutMs?: number): Promise<void>;
  waitForRun(pred: (r: RunRecord) => boolean, timeoutMs?: number): Promise<RunRecord>;
  close(): Promise<void>;
}

type Memo = { data: unknown } | { error: unknown };
interface Run { record: RunRecord; fn: RegisteredFunction; event: EventPayload; steps: Record<string, Memo>; stack: string[]; version: number; done: Promise<void> }
interface SdkOp { id: string; op: string; name?: string; displayName?: string; data?: unknown; error?: unknown; opts?: Record<string, any> }
type CallResult = { ok: true; status: number; body: unknown } | { ok: false; error: Record<string, unknown>; noRetry: boolean };

// The SDK reports run-level results from lazy-op paths under sha1("complete").
const COMPLETE_ID = createHash("sha1").update("complete").digest("hex");
const MAX_CALLS_PER_RUN = 500; // guards against a function that never settles
const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** ULID-shaped ids, like Inngest's event and run ids. */
export function ulid(): string {
  let t = Date.now(), head = "";
  for (let i = 0; i < 10; i++) { head = B32[t % 32] + head; t = Math.floor(t / 32); }
  return head + Array.from(randomBytes(16), (b) => B32[b % 32]).join("");
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clone = <T>(v: T): T => structuredClone(v);

/** Tiny evaluator for the expression subset described in the header comment. Throws on anything else. */
export function evaluateExpression(expr: string, vars: Record<string, unknown>): unknown {
  const re = /\s*(?:(==|!=|>=|<=|&&|\|\||[()<>!])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))/y;
  const toks: Array<{ k: "op" | "val"; v: unknown }> = [];
  for (re.lastIndex = 0; re.lastIndex < expr.length && expr.slice(re.lastIndex).trim();) {
    const m = re.exec(expr);
    if (!m) throw new Error(`unsupported expression near "${expr.slice(re.lastIndex)}"`);
    if (m[1]) toks.push({ k: "op", v: m[1] });
    else if (m[2]) toks.push({ k: "val", v: m[2].slice(1, -1).replace(/\\(.)/g, "$1") });
    else if (m[3]) toks.push({ k: "val", v: Number(m[3]) });
    else {
      const word = m[4]!;
      const lit: Record<string, unknown> = { true: true, false: false, null: null };
      toks.push({ k: "val", v: word in lit ? lit[word] : (word.split(".").reduce<any>((o, p) => (o == null ? undefined : o[p]), vars) ?? null) }); // missing -> null
    }
  }
  let i = 0;
  const isOp = (v: string) => toks[i]?.k === "op" && toks[i]?.v === v;
  const primary = (): unknown => {
    const t = toks[i++];
    if (!t) throw new Error("unexpected end of expression");
    if (t.k === "val") return t.v;
    if (t.v === "(") { const v = or(); if (!isOp(")")) throw new Error("missing )"); i++; return v; }
    if (t.v === "!") return !primary();
    throw new Error(`unexpected "${String(t.v)}"`);
  };
  const cmp = (): unknown => {
    const a = primary();
    const t = toks[i];
    if (t?.k !== "op" || !["==", "!=", "<", "<=", ">", ">="].includes(t.v as string)) return a;
    i++;
    const b = primary() as any, x = a as any;
    switch (t.v) { case "==": return x === b; case "!=": return x !== b; case "<": return x < b; case "<=": return x <= b; case ">": return x > b; default: return x >= b; }
  };
  const and = (): unknown => { let v = cmp(); while (isOp("&&")) { i++; const r = cmp(); v = Boolean(v) && Boolean(r); } return v; };
  const or = (): unknown => { let v = and(); while (isOp("||")) { i++; const r = and(); v = Boolean(v) || Boolean(r); } return v; };
  const result = or();
  if (i !== toks.length) throw new Error(`trailing tokens in expression "${expr}"`);
  return result;
}

export async function startInngestStandin(opts: StandinOptions = {}): Promise<InngestStandin> {
  const retryDelayMs = opts.retryDelayMs ?? 50;
  const deliverTimes = opts.deliverTimes ?? 1;
  const debug = opts.log ?? (() => {});
  const warn = opts.log ?? ((m: string) => console.warn(`[inngest-standin] ${m}`));
  const fns = new Map<string, RegisteredFunction>();
  const events: ReceivedEvent[] = [];
  const seenIds = new Set<string>();
  const runs = new Map<string, Run>();
  const active = new Set<Promise<void>>();
  const abort = new AbortController();
  let appUrl = opts.appUrl;
  let syncCount = 0;
  let closed = false;

  // ---- events -------------------------------------------------------------
  const record = (raw: any, internal: boolean): { ev: EventPayload; fresh: boolean } => {
    if (!raw || typeof raw !== "object" || typeof raw.name !== "string" || !raw.name) throw new Error("event must have a name");
    const ev: EventPayload = { id: typeof raw.id === "string" && raw.id ? raw.id : ulid(), name: raw.name, data: raw.data ?? {}, ts: typeof raw.ts === "number" && raw.ts > 0 ? raw.ts : Date.now() };
    if (raw.user !== undefined) ev.user = raw.user;
    if (raw.v !== undefined) ev.v = raw.v;
    // Inngest dedupes on event id (24h window): a repeat is stored but fans out to nothing.
    const fresh = !seenIds.has(ev.id);
    seenIds.add(ev.id);
    events.push({ ...clone(ev), duplicate: !fresh, internal });
    debug(`event ${ev.name} ${ev.id}${fresh ? "" : " (duplicate id: no runs)"}`);
    return { ev, fresh };
  };
  const triggers = (fn: RegisteredFunction, ev: EventPayload): boolean =>
    fn.triggers.some((t) => {
      if (!t.event) return false;
      const nameOk = t.event.endsWith("*") ? ev.name.startsWith(t.event.slice(0, -1)) : t.event === ev.name;
      if (!nameOk || !t.expression) return nameOk;
      try { return Boolean(evaluateExpression(t.expression, { event: ev })); }
      catch (e) { warn(`cannot evaluate trigger expression of ${fn.id} (${t.expression}): ${(e as Error).message}; not triggering`); return false; }
    });
  const ingest = (raws: unknown[], internal = false): string[] =>
    raws.map((raw) => {
      const { ev, fresh } = record(raw, internal);
      if (!fresh) return ev.id;
      for (const fn of fns.values()) {
        if (!triggers(fn, ev)) continue;
        if (fn.debounce) debounce(fn, fn.debounce, ev);
        else startRuns(fn, ev);
      }
      return ev.id;
    });
  const startRuns = (fn: RegisteredFunction, ev: EventPayload) => {
    for (let n = 0; n < deliverTimes; n++) startRun(fn, ev);
  };

  // ---- debounce -------------------------------------------------------------
  interface Pending { event: EventPayload; timer: ReturnType<typeof setTimeout>; deadline: number; settle: () => void }
  const debounced = new Map<string, Pending>();
  const debounce = (fn: RegisteredFunction, d: Debounce, ev: EventPayload) => {
    let keyValue = "";
    if (d.key) {
      try { keyValue = JSON.stringify(evaluateExpression(d.key, { event: ev }) ?? null); }
      catch (e) { warn(`cannot evaluate debounce key of ${fn.id} (${d.key}): ${(e as Error).message}; one debounce for all`); }
    }
    const id = `${fn.id}\u0000${keyValue}`;
    const scale = opts.debounceScale ?? 1;
    const period = durationMs(d.period) * scale;
    const now = Date.now();
    let pending = debounced.get(id);
    if (!pending) {
      let settle = () => {};
      // Counted as activity, so waitForIdle waits for the run the debounce will start.
      const waiting = new Promise<void>((resolve) => (settle = resolve));
      active.add(waiting);
      void waiting.finally(() => active.delete(waiting));
      pending = { event: ev, timer: setTimeout(() => {}, 0), deadline: d.timeout ? now + durationMs(d.timeout) * scale : Infinity, settle };
      debounced.set(id, pending);
    }
    clearTimeout(pending.timer);
    pending.event = ev;
    const p = pending;
    p.timer = setTimeout(() => {
      debounced.delete(id);
      if (!closed) startRuns(fn, p.event);
      p.settle();
    }, Math.max(0, Math.min(now + period, p.deadline) - now));
    debug(`debounced ${ev.name} ${ev.id} for ${fn.id} (key ${keyValue || "none"})`);
  };

  // ---- runs ---------------------------------------------------------------
  const startRun = (fn: RegisteredFunction, event: EventPayload): Run => {
    const runId = ulid();
    const run: Run = {
      record: { runId, functionId: fn.id, eventId: event.id, eventName: event.name, status: "running", attempts: 1, ops: [], startedAt: Date.now() },
      fn, event, steps: {}, stack: [], version: -1, done: Promise.resolve(),
    };
    runs.set(runId, run);
    debug(`run ${runId} of ${fn.id} for ${event.name}`);
    const p = execute(run).catch((e) => finish(run, "failed", undefined, { name: "StandinError", message: String(e?.stack ?? e) }));
    run.done = p;
    active.add(p);
    void p.finally(() => active.delete(p));
    return run;
  };

  const finish = (run: Run, status: "completed" | "failed", output?: unknown, error?: unknown) => {
    if (run.record.status !== "running") return;
    Object.assign(run.record, { status, endedAt: Date.now() }, status === "completed" ? { output } : { error });
    debug(`run ${run.record.runId} of ${run.fn.id} ${status}`);
    if (closed) return;
    const base = { function_id: run.fn.id, run_id: run.record.runId };
    // Internal events Inngest emits after every run; onFailure handlers are
    // separate functions `<fnId>-failure` triggered by inngest/function.failed.
    if (status === "failed") ingest([{ name: "inngest/function.failed", data: { ...base, error, event: run.event } }], true);
    ingest([{ name: "inngest/function.finished", data: { ...base, ...(status === "completed" ? { result: output } : { error }) } }], true);
  };

  // ---- concurrency ----------------------------------------------------------
  const executing = new Map<string, number>(); // calls executing per group (function, limit, key value)
  // Waiting calls per function: a call counts only in its own function's groups, so a call that
  // ends can only make room for calls of the same function, and only their queue is looked at.
  type Waiting = { groups: Array<{ id: string; limit: number; shared: boolean }>; go: () => void };
  const queues = new Map<string, Waiting[]>();
  /** The groups a call of this run counts in: one per limit, keyed by the limit's key expression's value. */
  const groupsOf = (run: Run) =>
    run.fn.concurrency.map((c, i) => {
      let key = "";
      if (c.key) {
        try { key = JSON.stringify(evaluateExpression(c.key, { event: run.event })); }
        catch (e) { warn(`cannot evaluate concurrency key of ${run.fn.id} (${c.key}): ${(e as Error).message}; one queue for all`); }
      }
      return { id: `${run.fn.id}#${i}:${key}`, limit: c.limit, shared: !c.key };
    });
  const free = (groups: Array<{ id: string; limit: number }>) => groups.every((g) => (executing.get(g.id) ?? 0) < g.limit);
  const take = (groups: Array<{ id: string }>, by: number) => groups.forEach((g) => executing.set(g.id, (executing.get(g.id) ?? 0) + by));
  const full = (g: { id: string; limit: number }) => (executing.get(g.id) ?? 0) >= g.limit;
  // Oldest first: a waiting call starts once every group it counts in has room (it holds none
  // meanwhile). Once a limit without a key (one every call of the function counts in) is full, no
  // call further back can start either, so the look stops there.
  const pump = (fnId: string) => {
    const queue = queues.get(fnId) ?? [];
    for (let i = 0; i < queue.length;) {
      const waiting = queue[i]!;
      if (free(waiting.groups)) { queue.splice(i, 1); take(waiting.groups, 1); waiting.go(); }
      else if (waiting.groups.some((g) => g.shared && full(g))) break;
      else i++;
    }
  };
  /** One call to the app within its function's concurrency limits. */
  const callWithinLimits = async (run: Run, stepId: string, attempt: number, disableImmediate: boolean): Promise<CallResult> => {
    const groups = groupsOf(run);
    if (free(groups)) take(groups, 1); // after every pump no waiting call could start, so this one overtakes none that could
    else {
      if (!queues.has(run.fn.id)) queues.set(run.fn.id, []);
      await new Promise<void>((go) => queues.get(run.fn.id)!.push({ groups, go }));
    }
    try { return await callSdk(run, stepId, attempt, disableImmediate); }
    finally { take(groups, -1); pump(run.fn.id); }
  };

  const callSdk = async (run: Run, stepId: string, attempt: number, disableImmediate: boolean): Promise<CallResult> => {
    const url = new URL(run.fn.url);
    url.searchParams.set("stepId", stepId);
    const body = {
      event: run.event, events: [run.event], steps: run.steps, version: run.version,
      ctx: {
        run_id: run.record.runId, attempt, max_attempts: run.fn.retries + 1,
        disable_immediate_execution: disableImmediate, use_api: false,
        stack: { stack: run.stack, current: run.stack.length },
      },
    };
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-inngest-server-kind": opts.signingKey ? "cloud" : "dev",
          ...(opts.signingKey ? { "x-inngest-signature": signInngestRequest(body, opts.signingKey) } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(opts.requestTimeoutMs ?? 60_000)]),
      });
      let status = res.status, text = await res.text();
      let header = (k: string): string | null => res.headers.get(k);
      // Inngest drops an answer it cannot trust; an unsigned or mis-signed one is a failed attempt.
      if (opts.signingKey && (status === 200 || status === 206) && !verifyInngestSignature(header("x-inngest-signature"), text, opts.signingKey)) {
        warn(`${run.fn.id}: the app's answer is not signed with the signing key`);
        return { ok: false, error: { name: "Error", message: "answer signature missing or invalid" }, noRetry: false };
      }
      if (status === 201) {
        // Streaming mode (INNGEST_STREAMING): whitespace heartbeats, then the real response as JSON.
        const inner = JSON.parse(text.trim());
        const h: Record<string, string> = Object.fromEntries(Object.entries(inner.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
        status = inner.status; text = inner.body ?? ""; header = (k) => h[k] ?? null;
      }
      const version = Number(header("x-inngest-req-version"));
      if (Number.isInteger(version) && version > 0) run.version = version;
      let parsed: unknown = text;
      try { parsed = text ? JSON.parse(text) : null; } catch { /* keep text */ }
      if (status === 200 || status === 206) return { ok: true, status, body: parsed };
      const error = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { name: "Error", message: `HTTP ${status}: ${text}` };
      return { ok: false, error, noRetry: header("x-inngest-no-retry") === "true" };
    } catch (e) {
      return { ok: false, error: { name: (e as Error).name ?? "Error", message: `calling ${url}: ${(e as Error).message}` }, noRetry: false };
    }
  };

  const execute = async (run: Run): Promise<void> => {
    const maxAttempts = run.fn.retries + 1;
    let attempt = 0; // per step, like Inngest: resets whenever a step makes progress
    let disableImmediate = false;
    const planned: string[] = []; // StepPlanned ids still to be run in their own call
    const memo = (id: string, value: Memo) => {
      if (!(id in run.steps)) run.stack.push(id);
      run.steps[id] = value;
      const idx = planned.indexOf(id);
      if (idx >= 0) planned.splice(idx, 1);
      attempt = 0;
    };
    // Returns false once the run has failed for good.
    const retry = async (error: unknown, noRetry: boolean): Promise<boolean> => {
      if (noRetry || attempt + 1 >= maxAttempts) { finish(run, "failed", undefined, error); return false; }
      attempt++;
      run.record.attempts++;
      debug(`run ${run.record.runId}: retrying (attempt ${attempt})`);
      await sleep(retryDelayMs);
      return true;
    };

    for (let calls = 0; !closed; calls++) {
      if (calls >= MAX_CALLS_PER_RUN) return finish(run, "failed", undefined, { name: "StandinError", message: `gave up after ${calls} calls` });
      const res = await callWithinLimits(run, planned[0] ?? "step", attempt, disableImmediate);
      if (closed) return;
      if (!res.ok) { if (await retry(res.error, res.noRetry)) continue; return; }
      if (res.status === 200) return finish(run, "completed", res.body);
      const ops = (Array.isArray(res.body) ? res.body : []) as SdkOp[];
      if (ops.length > 1) disableImmediate = true; // SDK_SPEC 5.5: after parallel ops, always plan first
      let retryStep: unknown;
      for (const op of ops) {
        run.record.ops.push({ id: op.id, op: op.op, name: op.name, displayName: op.displayName, attempt });
        switch (op.op) {
          case "StepRun":
          case "Step":
            memo(op.id, { data: op.data ?? null });
            break;
          case "StepError": // retriable failure of a step (or of the run, under COMPLETE_ID)
            if (op.id === COMPLETE_ID || attempt + 1 < maxAttempts) retryStep = op.error ?? { name: "Error", message: "step failed" };
            else memo(op.id, { error: op.error });
            break;
          case "StepFailed": // final: memoize the error so the function sees a StepError
            if (op.id === COMPLETE_ID) return finish(run, "failed", undefined, op.error);
            memo(op.id, { error: op.error });
            break;
          case "StepPlanned":
            if (!(op.id in run.steps) && !planned.includes(op.id)) planned.push(op.id);
            break;
          case "Sleep": // the op's name is the duration, or the ISO date of a sleepUntil
            if (opts.realTimers) await waitUntil(resumeAt(op.name));
            memo(op.id, { data: null });
            break;
          case "WaitForEvent":
            memo(op.id, { data: await waitForEvent(run, op) });
            break;
          case "WaitForSignal":
            warn(`run ${run.record.runId}: signals unsupported; ${op.displayName ?? op.id} times out`);
            memo(op.id, { data: null });
            break;
          case "InvokeFunction":
            memo(op.id, await invoke(run, op));
            break;
          case "RunComplete":
            return finish(run, "completed", op.data ?? null);
          case "StepNotFound":
            warn(`run ${run.record.runId}: SDK could not find planned step ${op.id}; dropping it`);
            if (planned.includes(op.id)) planned.splice(planned.indexOf(op.id), 1);
            break;
          case "DeferAdd":
          case "DeferAbort":
          case "DiscoveryRequest":
            debug(`run ${run.record.runId}: ignoring ${op.op}`);
            break;
          default:
            warn(`run ${run.record.runId}: unsupported op ${op.op}`);
            return finish(run, "failed", undefined, { name: "StandinError", message: `inngest-standin does not support op ${op.op}` });
        }
      }
      if (retryStep !== undefined && !(await retry(retryStep, false))) return;
    }
  };

  const waitForEvent = async (run: Run, op: SdkOp): Promise<EventPayload | null> => {
    const from = events.length; // only events arriving after the wait began count
    const deadline = opts.realTimers && op.opts?.timeout ? resumeAt(op.opts.timeout) : Date.now() + (opts.waitForEventMs ?? 0);
    do {
      for (const ev of events.slice(from)) {
        if (ev.name !== op.name) continue;
        const { duplicate: _d, internal: _i, ...payload } = ev;
        try { if (!op.opts?.if || evaluateExpression(op.opts.if, { event: run.event, async: payload })) return payload; }
        catch (e) { warn(`waitForEvent expression unsupported (${op.opts?.if}): ${(e as Error).message}`); return null; }
      }
      if (Date.now() >= deadline) break;
      await sleep(10);
    } while (!closed);
    return null;
  };

  /** Sleeps until `at` (epoch ms) in short slices, so closing the stand-in is not held up by a long sleep. */
  const waitUntil = async (at: number) => {
    while (!closed && Date.now() < at) await sleep(Math.min(at - Date.now(), 50));
  };

  const invoke = async (run: Run, op: SdkOp): Promise<Memo> => {
    const target = fns.get(op.opts?.function_id);
    if (!target) return { error: { name: "Error", message: `function ${op.opts?.function_id} not found` } };
    const payload = op.opts?.payload ?? {};
    // Invocations go straight to the target (no fan-out), like Inngest's inngest/function.invoked.
    const { ev } = record({ ...payload, name: "inngest/function.invoked", data: { ...payload.data, _inngest: { source_fn_id: run.fn.id, source_run_id: run.record.runId } } }, true);
    const child = startRun(target, ev);
    await child.done;
    return child.record.status === "completed" ? { data: child.record.output ?? null } : { error: child.record.error };
  };

  const cronRun = (fn: RegisteredFunction): Run => {
    const cron = fn.triggers.find((t) => t.cron)?.cron;
    if (!cron) throw new Error(`function ${fn.id} has no cron trigger`);
    return startRun(fn, record({ name: "inngest/scheduled.timer", data: { cron } }, true).ev);
  };
  const findFn = (id: string): RegisteredFunction => {
    const fn = fns.get(id) ?? [...fns.values()].find((f) => f.id === `${f.appName}-${id}`);
    if (!fn) throw new Error(`no registered function "${id}" (have: ${[...fns.keys()].join(", ") || "none"})`);
    return fn;
  };

  // ---- sync ---------------------------------------------------------------
  const storeRegistration = (body: any) => {
    const appName = String(body?.appName ?? "");
    for (const [id, fn] of fns) if (fn.appName === appName) fns.delete(id); // re-sync replaces the app
    if (typeof body?.url === "string" && !opts.appUrl) appUrl = body.url;
    for (const cfg of body?.functions ?? []) {
      const step = cfg.steps?.step;
      let url: string = step?.runtime?.url ?? "";
      if (opts.appUrl) { const u = new URL(url), a = new URL(opts.appUrl); u.protocol = a.protocol; u.host = a.host; u.pathname = a.pathname; url = u.toString(); }
      const concurrency = (cfg.concurrency == null ? [] : [cfg.concurrency].flat())
        .map((c: unknown) => (typeof c === "number" ? { limit: c } : (c as ConcurrencyLimit)))
        .filter((c: ConcurrencyLimit) => c.limit > 0);
      fns.set(cfg.id, { id: cfg.id, name: cfg.name ?? cfg.id, appName, triggers: cfg.triggers ?? [], retries: step?.retries?.attempts ?? 3, url, concurrency, debounce: cfg.debounce ?? undefined });
      const ignored = ["batchEvents", "throttle", "rateLimit", "idempotency", "cancel", "singleton", "priority"].filter((k) => cfg[k] != null);
      if (ignored.length) warn(`function ${cfg.id}: ignoring unsupported config ${ignored.join(", ")}`);
    }
    syncCount++;
    debug(`registered app ${appName}: ${[...fns.keys()].join(", ")}`);
  };

  // ---- HTTP ---------------------------------------------------------------
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? JSON.parse(text) : undefined;
  };
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://standin");
    const route = `${req.method} ${pathname}`;
    try {
      if (req.method === "POST" && /^\/e\/[^/]+\/?$/.test(pathname)) {
        if (opts.eventKey && pathname.replace(/\/$/, "") !== `/e/${opts.eventKey}`) {
          warn("refused events sent with an unknown event key");
          return reply(res, 401, { ids: [], status: 401, error: "Event key not found" });
        }
        const body = await readJson(req);
        try { return reply(res, 200, { ids: ingest(Array.isArray(body) ? body : [body]), status: 200 }); }
        catch (e) { warn(`rejected events: ${(e as Error).message}`); return reply(res, 400, { ids: [], status: 400, error: (e as Error).message }); }
      }
      if (route === "POST /fn/register" && opts.signingKey && req.headers.authorization !== `Bearer ${hashedSigningKey(opts.signingKey)}`) {
        warn("refused a sync without the signing key's hash");
        return reply(res, 401, { error: "Unauthorized", status: 401 });
      }
      if (route === "POST /fn/register") { storeRegistration(await readJson(req)); return reply(res, 200, { ok: true, modified: true }); }
      const runPath = /^\/v0\/runs\/([^/]+)\/(batch|actions)$/.exec(pathname);
      if (req.method === "GET" && runPath) { // only used if ctx.use_api were true; cheap to answer anyway
        const run = runs.get(decodeURIComponent(runPath[1]!));
        if (!run) return reply(res, 404, { error: "run not found", status: 404 });
        return reply(res, 200, runPath[2] === "batch" ? [run.event] : run.steps);
      }
      if (route === "GET /dev" || route === "GET /health" || route === "GET /") {
        debug(`answered ${route}`);
        return reply(res, 200, { status: "ok", standin: true, functions: [...fns.values()] });
      }
      warn(`unhandled ${route} -> 404`);
      return reply(res, 404, { error: `inngest-standin: no route for ${route}`, status: 404 });
    } catch (e) {
      warn(`error handling ${route}: ${(e as Error).message}`);
      return reply(res, 500, { error: (e as Error).message, status: 500 });
    }
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cronTimer = opts.cronIntervalMs
    ? setInterval(() => { for (const fn of fns.values()) if (fn.triggers.some((t) => t.cron)) cronRun(fn); }, opts.cronIntervalMs)
    : undefined;

  const snapshot = (r: Run) => clone(r.record);
  const finishedRuns = () => [...runs.values()].filter((r) => r.record.status !== "running").map(snapshot);

  return {
    url,
    async register(target = appUrl) {
      if (!target) throw new Error("register(): no appUrl given");
      const before = syncCount;
      // Generous timeout: a cold `next dev` compiles the route on first hit.
      const headers: Record<string, string> = opts.signingKey ? { "x-inngest-signature": signInngestRequest("", opts.signingKey), "x-inngest-server-kind": "cloud" } : {};
      const res = await fetch(target, { method: "PUT", headers, signal: AbortSignal.timeout(120_000) });
      const text = await res.text();
      if (!res.ok) throw new Error(`sync of ${target} failed: HTTP ${res.status} ${text}`);
      if (syncCount === before) throw new Error(`${target} answered the PUT but never POSTed /fn/register here; is its INNGEST_BASE_URL ${url}? (${text})`);
    },
    functions: () => clone([...fns.values()]),
    events: () => clone(events),
    runs: () => [...runs.values()].map(snapshot),
    async triggerCron(functionId) {
      const run = cronRun(findFn(functionId));
      await run.done;
      return snapshot(run);
    },
    send: async (evs) => ingest(evs),
    async waitForIdle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      // Loop: finishing runs can start new ones (sendEvent, function.failed).
      while (active.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) {
          const busy = [...runs.values()].filter((r) => r.record.status === "running").map((r) => `${r.fn.id}/${r.record.runId}`);
          throw new Error(`waitForIdle: still running after ${timeoutMs}ms: ${busy.join(", ")}`);
        }
        await Promise.race([Promise.allSettled([...active]), sleep(Math.min(left, 50))]);
      }
    },
    async waitForRun(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = finishedRuns().find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`waitForRun: no finished run matched within ${timeoutMs}ms; finished: ${JSON.stringify(finishedRuns().map((r) => [r.functionId, r.status]))}`);
        await sleep(10);
      }
    },
    async close() {
      closed = true;
      if (cronTimer) clearInterval(cronTimer);
      abort.abort();
      for (const pending of debounced.values()) { clearTimeout(pending.timer); pending.settle(); }
      debounced.clear();
      for (const queue of queues.values()) for (const waiting of queue.splice(0)) waiting.go(); // their calls fail at once on the aborted signal
      await Promise.allSettled([...active]);
      // Stop accepting first, then drop every connection: one accepted while the runs above settled
      // would otherwise hold its request unanswered (a sender without a timeout waits for minutes).
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}

/** When a sleep or a wait's timeout ends (epoch ms): an ISO date as given, a duration from now. */
export function resumeAt(text: string | undefined, now = Date.now()): number {
  if (!text) return now;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new Error(`inngest-standin: not a date: ${text}`);
    return at;
  }
  return now + durationMs(text);
}

/** An Inngest duration ("500ms", "30s", "1m", "2h", "1d", or combined like "1m30s") in milliseconds. */
export function durationMs(text: string): number {
  const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const parts = [...String(text).matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== String(text)) throw new Error(`not a duration: ${text}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT[p[2]!]!, 0);
}
