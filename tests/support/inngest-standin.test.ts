/**
 * Drives the stand-in with a real inngest v4 client served over node:http,
 * so every assertion below goes through the SDK's actual wire protocol.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectConsoleError } from "./console-guard";
import { evaluateExpression, startInngestStandin, type InngestStandin, type RunRecord } from "./inngest-standin";

const APP = "standin-test";
const logs: string[] = [];
let standin: InngestStandin;
let app: Server;
let appUrl: string;

// Side-effect counters the functions write to, so tests can see how often each body ran.
const hits: Record<string, number> = {};
const hit = (k: string) => (hits[k] = (hits[k] ?? 0) + 1);
const seen: Record<string, unknown[]> = {};
const note = (k: string, v: unknown) => (seen[k] ??= []).push(v);

function buildFunctions(inngest: Inngest) {
  const multi = inngest.createFunction({ id: "multi-step", triggers: [{ event: "demo/multi" }] }, async ({ event, step }) => {
    const a = await step.run("a", () => { hit("multi.a"); return 1; });
    const b = await step.run("b", () => { hit("multi.b"); return a + 10; });
    const c = await step.run("c", () => { hit("multi.c"); return b + 100; });
    return { sum: c, tag: event.data.tag };
  });
  const dedupe = inngest.createFunction({ id: "dedupe", triggers: [{ event: "demo/dedupe" }] }, async () => hit("dedupe"));
  const flaky = inngest.createFunction({ id: "flaky", retries: 2, triggers: [{ event: "demo/flaky" }] }, async ({ step, attempt }) => {
    return step.run("flaky-step", () => {
      note("flaky.attempts", attempt);
      if (hit("flaky.body") === 1) throw new Error("transient");
      return "recovered";
    });
  });
  const exhaust = inngest.createFunction({ id: "exhaust", retries: 1, triggers: [{ event: "demo/exhaust" }] }, async ({ step }) => {
    await step.run("always-fails", () => { hit("exhaust.body"); throw new Error("always broken"); });
  });
  const nonRetry = inngest.createFunction(
    {
      id: "nonretry",
      retries: 3,
      triggers: [{ event: "demo/nonretry" }],
      onFailure: async ({ event, error }) => { note("nonretry.onFailure", { data: event.data.event.data, message: error.message }); return "handled"; },
    },
    async ({ step }) => {
      await step.run("give-up", () => { hit("nonretry.body"); throw new NonRetriableError("nope, not retrying"); });
    },
  );
  const watcher = inngest.createFunction(
    { id: "failure-watcher", triggers: [{ event: "inngest/function.failed", if: `event.data.function_id == '${APP}-nonretry'` }] },
    async ({ event }) => { note("watcher", event.data.function_id); },
  );
  const child = inngest.createFunction({ id: "child", triggers: [{ event: "demo/child" }] }, async ({ event }) => ({ doubled: event.data.n * 2 }));
  const fanOut = inngest.createFunction({ id: "fan-out", triggers: [{ event: "demo/fanout" }] }, async ({ event, step }) => {
    const sent = await step.sendEvent("emit", { name: "demo/child", data: { n: event.data.n } });
    return sent.ids;
  });
  const invoker = inngest.createFunction({ id: "invoker", triggers: [{ event: "demo/invoke" }] }, async ({ step }) =>
    step.invoke("call-child", { function: child, data: { n: 21 } }));
  const nightly = inngest.createFunction({ id: "nightly", triggers: [{ cron: "0 3 * * *" }] }, async ({ event, step }) => {
    const r = await step.run("tick", () => { hit("nightly"); return "tick"; });
    return { r, name: event.name, cron: (event.data as { cron?: string }).cron };
  });
  const sleeper = inngest.createFunction({ id: "sleeper", triggers: [{ event: "demo/sleep" }] }, async ({ step }) => {
    await step.run("before", () => hit("sleep.before"));
    await step.sleep("nap", "1h");
    const waited = await step.waitForEvent("wait", { event: "demo/never", timeout: "1h" });
    await step.run("after", () => hit("sleep.after"));
    return { waited };
  });
  const parallel = inngest.createFunction({ id: "parallel", triggers: [{ event: "demo/parallel" }] }, async ({ step }) => {
    const [x, y] = await Promise.all([
      step.run("left", () => { hit("par.left"); return "L"; }),
      step.run("right", () => { hit("par.right"); return "R"; }),
    ]);
    const z = await step.run("join", () => { hit("par.join"); return x + y; });
    return z;
  });
  return [multi, dedupe, flaky, exhaust, nonRetry, watcher, child, fanOut, invoker, nightly, sleeper, parallel];
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
}
const closeServer = (s: Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });

/** Sends one event through the real SDK client and waits for the run of `fnId` it starts. */
let inngest: Inngest;
async function runFor(fnId: string, name: string, data: Record<string, unknown> = {}): Promise<RunRecord> {
  const { ids } = await inngest.send({ name, data });
  return standin.waitForRun((r) => r.functionId === `${APP}-${fnId}` && r.eventId === ids[0]);
}

beforeAll(async () => {
  standin = await startInngestStandin({ retryDelayMs: 10, log: (m) => logs.push(m) });
  inngest = new Inngest({ id: APP, isDev: true, baseUrl: standin.url, checkpointing: false });
  app = createServer(serve({ client: inngest, functions: buildFunctions(inngest) }));
  appUrl = await listen(app);
  await standin.register(appUrl);
});
afterAll(async () => {
  await standin?.close();
  if (app) await closeServer(app);
});

describe("inngest stand-in", () => {
  it("learns the app's functions from the SDK's /fn/register sync", () => {
    const fns = standin.functions();
    const byId = Object.fromEntries(fns.map((f) => [f.id, f]));
    expect(Object.keys(byId)).toHaveLength(13); // 12 functions + the nonretry onFailure handler
    expect(byId[`${APP}-flaky`]).toMatchObject({ retries: 2, triggers: [{ event: "demo/flaky" }] });
    expect(byId[`${APP}-multi-step`]!.retries).toBe(3); // SDK omits retries -> Inngest default
    expect(byId[`${APP}-multi-step`]!.url).toBe(`${appUrl}?fnId=${APP}-multi-step&stepId=step`);
    expect(byId[`${APP}-nonretry-failure`]!.triggers).toEqual([
      { event: "inngest/function.failed", expression: `event.data.function_id == '${APP}-nonretry'` },
    ]);
    expect(byId[`${APP}-nightly`]!.triggers).toEqual([{ cron: "0 3 * * *" }]);
  });

  it("runs a multi-step function to completion, executing each step body once", async () => {
    const run = await runFor("multi-step", "demo/multi", { tag: "m1" });
    expect(run).toMatchObject({ status: "completed", attempts: 1, output: { sum: 111, tag: "m1" } });
    expect([hits["multi.a"], hits["multi.b"], hits["multi.c"]]).toEqual([1, 1, 1]);
    expect(run.ops.map((o) => o.op)).toEqual(["StepRun", "StepRun", "StepRun"]);
  });

  it("answers the event API like Inngest and dedupes repeated event ids", async () => {
    const res = await fetch(`${standin.url}/e/any-key`, { method: "POST", body: JSON.stringify({ name: "demo/dedupe", data: {}, id: "dup-1" }) });
    expect(await res.json()).toEqual({ ids: ["dup-1"], status: 200 });
    expect(await inngest.send({ name: "demo/dedupe", data: { again: true }, id: "dup-1" })).toEqual({ ids: ["dup-1"] });
    await standin.waitForIdle();
    expect(standin.runs().filter((r) => r.eventId === "dup-1")).toHaveLength(1);
    expect(hits["dedupe"]).toBe(1);
    const stored = standin.events().filter((e) => e.id === "dup-1");
    expect(stored.map((e) => e.duplicate)).toEqual([false, true]);
    expect(stored.every((e) => typeof e.ts === "number" && e.ts > 0)).toBe(true);
    const [generated] = await standin.send([{ name: "demo/nothing-listens" }]);
    expect(generated).toMatch(/^[0-9A-Z]{26}$/);
  });

  it("retries a step that throws once, with the attempt counter incremented", async () => {
    // The SDK's console logger reports each failed attempt: its message, then the error, one call each.
    expectConsoleError(/^Inngest step error$|Error: transient/);
    const run = await runFor("flaky", "demo/flaky");
    expect(run).toMatchObject({ status: "completed", attempts: 2, output: "recovered" });
    expect(seen["flaky.attempts"]).toEqual([0, 1]);
    expect(run.ops.map((o) => [o.op, o.attempt])).toEqual([["StepError", 0], ["StepRun", 1]]);
  });

  it("gives up after `retries` retries and emits inngest/function.failed", async () => {
    expectConsoleError(/^Inngest (step|function) error$|Error: always broken/);
    const run = await runFor("exhaust", "demo/exhaust");
    expect(run.status).toBe("failed");
    expect(run.attempts).toBe(2); // retries: 1 -> 2 attempts
    expect(hits["exhaust.body"]).toBe(2);
    expect(JSON.stringify(run.error)).toContain("always broken");
    await standin.waitForIdle();
    const failed = standin.events().find((e) => e.name === "inngest/function.failed" && e.data.run_id === run.runId);
    expect(failed?.data.function_id).toBe(`${APP}-exhaust`);
  });

  it("fails a NonRetriableError at once and runs onFailure + function.failed listeners", async () => {
    expectConsoleError(/^Inngest (step|function) error$|Error\]?: nope, not retrying/);
    const run = await runFor("nonretry", "demo/nonretry", { order: 42 });
    expect(run).toMatchObject({ status: "failed", attempts: 1 });
    expect(hits["nonretry.body"]).toBe(1);
    const handler = await standin.waitForRun((r) => r.functionId === `${APP}-nonretry-failure`);
    expect(handler).toMatchObject({ status: "completed", output: "handled", eventName: "inngest/function.failed" });
    await standin.waitForRun((r) => r.functionId === `${APP}-failure-watcher`);
    expect(seen["watcher"]).toEqual([`${APP}-nonretry`]); // the `if` filter kept out the exhaust failure
    expect(seen["nonretry.onFailure"]).toEqual([{ data: { order: 42 }, message: expect.stringContaining("nope, not retrying") }]);
    const failed = standin.events().find((e) => e.id === handler.eventId)!;
    expect(failed.data).toMatchObject({
      function_id: `${APP}-nonretry`,
      run_id: run.runId,
      error: { name: expect.any(String), message: expect.stringContaining("nope, not retrying") },
      event: { name: "demo/nonretry", id: run.eventId, data: { order: 42 } },
    });
  });

  it("ingests step.sendEvent events and runs the functions they trigger", async () => {
    const run = await runFor("fan-out", "demo/fanout", { n: 4 });
    expect(run.status).toBe("completed");
    const childEventId = (run.output as string[])[0]!;
    expect(standin.events().find((e) => e.id === childEventId)).toMatchObject({ name: "demo/child", data: { n: 4 } });
    const child = await standin.waitForRun((r) => r.eventId === childEventId);
    expect(child).toMatchObject({ functionId: `${APP}-child`, status: "completed", output: { doubled: 8 } });
  });

  it("resolves step.invoke with the invoked function's output", async () => {
    const run = await runFor("invoker", "demo/invoke");
    expect(run).toMatchObject({ status: "completed", output: { doubled: 42 } });
    expect(run.ops.map((o) => o.op)).toEqual(["InvokeFunction"]);
  });

  it("runs cron functions only when triggered", async () => {
    expect(standin.runs().some((r) => r.functionId === `${APP}-nightly`)).toBe(false);
    const run = await standin.triggerCron(`${APP}-nightly`);
    expect(run).toMatchObject({ status: "completed", eventName: "inngest/scheduled.timer", output: { r: "tick", name: "inngest/scheduled.timer", cron: "0 3 * * *" } });
    expect((await standin.triggerCron("nightly")).status).toBe("completed"); // short id works too
    expect(hits["nightly"]).toBe(2);
    await expect(standin.triggerCron(`${APP}-multi-step`)).rejects.toThrow(/no cron trigger/);
  });

  it("completes step.sleep at once and times out step.waitForEvent with null", async () => {
    const started = Date.now();
    const run = await runFor("sleeper", "demo/sleep");
    expect(run).toMatchObject({ status: "completed", output: { waited: null } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.ops.map((o) => o.op)).toEqual(["StepRun", "Sleep", "WaitForEvent", "StepRun"]);
    expect(run.ops.find((o) => o.op === "Sleep")?.name).toBe("1h");
    expect([hits["sleep.before"], hits["sleep.after"]]).toEqual([1, 1]);
  });

  it("runs parallel steps planned by the SDK via targeted stepId calls", async () => {
    const run = await runFor("parallel", "demo/parallel");
    expect(run).toMatchObject({ status: "completed", output: "LR" });
    expect([hits["par.left"], hits["par.right"], hits["par.join"]]).toEqual([1, 1, 1]);
    expect(run.ops.filter((o) => o.op === "StepPlanned")).toHaveLength(3); // left+right, then join (immediate execution disabled)
  });

  it("waits for idle and 404s unknown paths with a log line", async () => {
    await inngest.send([{ name: "demo/multi", data: { tag: "idle" } }, { name: "demo/fanout", data: { n: 1 } }]);
    await standin.waitForIdle();
    expect(standin.runs().filter((r) => r.status === "running")).toEqual([]);
    const res = await fetch(`${standin.url}/v1/made-up`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(logs.some((l) => l.includes("unhandled POST /v1/made-up"))).toBe(true);
  });

  it("replaces an app's functions on re-registration", async () => {
    const slim = new Inngest({ id: APP, isDev: true, baseUrl: standin.url, checkpointing: false });
    const only = slim.createFunction({ id: "only", triggers: [{ event: "demo/only" }] }, async () => "only");
    const slimServer = createServer(serve({ client: slim, functions: [only] }));
    try {
      await standin.register(await listen(slimServer));
      expect(standin.functions().map((f) => f.id)).toEqual([`${APP}-only`]);
      await standin.send([{ name: "demo/multi", data: {} }]);
      expect((await runFor("only", "demo/only")).output).toBe("only");
      expect(standin.runs().filter((r) => r.functionId === `${APP}-multi-step`)).toHaveLength(2); // no new run
    } finally {
      await closeServer(slimServer);
      await standin.register(appUrl);
    }
    expect(standin.functions()).toHaveLength(13);
  });
});

describe("deliverTimes", () => {
  it("starts every triggered run that many times for a fresh event, and none for a repeated id", async () => {
    const triple = await startInngestStandin({ deliverTimes: 3, log: () => {} });
    const client = new Inngest({ id: "triple-test", isDev: true, baseUrl: triple.url, checkpointing: false });
    let bodies = 0;
    const counted = client.createFunction({ id: "counted", triggers: [{ event: "demo/counted" }] }, async ({ step }) => step.run("count", () => ++bodies));
    const server = createServer(serve({ client, functions: [counted] }));
    try {
      await triple.register(await listen(server));
      await triple.send([{ name: "demo/counted", id: "ev-1" }, { name: "demo/counted", id: "ev-1" }]);
      await triple.waitForIdle();
      expect(triple.runs().filter((r) => r.eventId === "ev-1").map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
      expect(bodies).toBe(3);
    } finally {
      await triple.close();
      await closeServer(server);
    }
  });
});

describe("debounce", () => {
  it("starts one run per key with the last event, after the period; the timeout caps a steady stream", async () => {
    const d = await startInngestStandin({ debounceScale: 0.001, log: () => {} });
    const client = new Inngest({ id: "debounce-test", isDev: true, baseUrl: d.url, checkpointing: false });
    const got: unknown[] = [];
    const quiet = client.createFunction(
      // Scaled by 0.001: a 100 ms period, a 400 ms timeout.
      { id: "quiet", debounce: { key: "event.data.who", period: "100s", timeout: "400s" }, triggers: [{ event: "demo/quiet" }] },
      async ({ event, step }) => step.run("note", () => got.push([event.data.who, event.data.n])),
    );
    const server = createServer(serve({ client, functions: [quiet] }));
    try {
      await d.register(await listen(server));
      await d.send([...Array.from({ length: 5 }, (_, n) => ({ name: "demo/quiet", data: { who: "a", n } })), { name: "demo/quiet", data: { who: "b", n: 0 } }]);
      await d.waitForIdle();
      expect(got.sort()).toEqual([["a", 4], ["b", 0]]);
      expect(d.runs()).toHaveLength(2);

      // Events every 50 ms never leave a 100 ms gap: the 400 ms timeout starts a run anyway.
      got.length = 0;
      const started = Date.now();
      for (let n = 0; n < 12; n++) {
        await d.send([{ name: "demo/quiet", data: { who: "c", n } }]);
        await new Promise((r) => setTimeout(r, 50));
      }
      await d.waitForIdle();
      expect(got.length).toBeGreaterThanOrEqual(2);
      expect(got.length).toBeLessThan(12);
      expect(Date.now() - started).toBeGreaterThan(400);
    } finally {
      await d.close();
      await closeServer(server);
    }
  });

  it("reads Inngest durations", async () => {
    const { durationMs } = await import("./inngest-standin");
    expect([durationMs("1m"), durationMs("30s"), durationMs("1m30s"), durationMs("250ms"), durationMs("2h")]).toEqual([60_000, 30_000, 90_000, 250, 7_200_000]);
    expect(() => durationMs("soon")).toThrow(/duration/);
  });
});

describe("realTimers", () => {
  it("resumes a sleepUntil at its date, times a wait out at its own timeout, and ends a wait when its event comes", async () => {
    const timed = await startInngestStandin({ retryDelayMs: 10, realTimers: true, log: (m) => logs.push(m) });
    const client = new Inngest({ id: "timers", isDev: true, baseUrl: timed.url, checkpointing: false });
    const fn = client.createFunction({ id: "deadline", triggers: [{ event: "demo/deadline" }] }, async ({ event, step }) => {
      const until = new Date(event.data.until as string);
      const met = await step.waitForEvent("wait", { event: "demo/met", timeout: until, if: `async.data.key == '${event.data.key as string}'` });
      if (!met) await step.sleepUntil("sleep", new Date(until.getTime() + 300));
      return { met: met ? met.data.key : null, at: await step.run("at", () => Date.now()) };
    });
    const server = createServer(serve({ client, functions: [fn] }));
    try {
      await timed.register(await listen(server));
      const start = Date.now();
      const late = await client.send({ name: "demo/deadline", data: { key: "late", until: new Date(start + 800).toISOString() } });
      const early = await client.send({ name: "demo/deadline", data: { key: "early", until: new Date(start + 60_000).toISOString() } });
      const past = await client.send({ name: "demo/deadline", data: { key: "past", until: new Date(start - 60_000).toISOString() } });
      await new Promise((r) => setTimeout(r, 200));
      await client.send({ name: "demo/met", data: { key: "early" } });
      const runOf = (sent: { ids: string[] }) => timed.waitForRun((r) => r.functionId === "timers-deadline" && r.eventId === sent.ids[0]);
      const [lateRun, earlyRun, pastRun] = await Promise.all([runOf(late), runOf(early), runOf(past)]);
      // Timed out at its deadline, then slept until 300 ms past it.
      expect(lateRun.output).toMatchObject({ met: null });
      expect((lateRun.output as { at: number }).at).toBeGreaterThanOrEqual(start + 1100);
      // Its event ended the wait long before its timeout.
      expect(earlyRun.output).toMatchObject({ met: "early" });
      expect((earlyRun.output as { at: number }).at).toBeLessThan(start + 10_000);
      // A deadline already past resumes at once.
      expect(pastRun.output).toMatchObject({ met: null });
      expect((pastRun.output as { at: number }).at).toBeLessThan(start + 1100);
    } finally {
      await timed.close();
      await closeServer(server);
    }
  });
});

describe("concurrency", () => {
  it("runs at most `limit` steps of a function at once, per key value when keyed", async () => {
    const limited = await startInngestStandin({ log: () => {} });
    const client = new Inngest({ id: "limits-test", isDev: true, baseUrl: limited.url, checkpointing: false });
    const running: Record<string, number> = {};
    const most: Record<string, number> = {};
    const busy = (fn: string) => async () => {
      running[fn] = (running[fn] ?? 0) + 1;
      most[fn] = Math.max(most[fn] ?? 0, running[fn]!);
      await new Promise((r) => setTimeout(r, 30));
      running[fn]! -= 1;
    };
    const single = client.createFunction({ id: "single", concurrency: { limit: 1 }, triggers: [{ event: "demo/single" }] }, async ({ step }) => step.run("work", busy("single")));
    const perKey = client.createFunction(
      { id: "per-key", concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.who" }], triggers: [{ event: "demo/per-key" }] },
      async ({ event, step }) => step.run("work", busy(`per-key:${event.data.who}`)),
    );
    const server = createServer(serve({ client, functions: [single, perKey] }));
    try {
      await limited.register(await listen(server));
      await limited.send([
        ...Array.from({ length: 4 }, () => ({ name: "demo/single" })),
        ...["a", "a", "a", "b", "b"].map((who) => ({ name: "demo/per-key", data: { who } })),
      ]);
      await limited.waitForIdle();
      expect(limited.runs().map((r) => r.status)).toEqual(Array(9).fill("completed"));
      expect(most).toEqual({ single: 1, "per-key:a": 1, "per-key:b": 1 });
    } finally {
      await limited.close();
      await closeServer(server);
    }
  });
});

describe("evaluateExpression", () => {
  const vars = { event: { name: "x", data: { function_id: "a-b", n: 3, ok: true } }, async: { data: { n: 3 } } };
  it.each([
    ["event.data.function_id == 'a-b'", true],
    ["event.data.function_id == 'a-c'", false],
    ['event.data.function_id != "a-c" && event.data.n >= 3', true],
    ["event.data.n == async.data.n", true],
    ["event.data.n > 5 || !(event.data.ok == false)", true],
    ["event.data.missing.deep == 'x'", false],
    ["event.data.missing == null", true],
  ])("%s -> %s", (expr, expected) => expect(evaluateExpression(expr, vars)).toBe(expected));
  it("rejects what it does not understand", () => {
    expect(() => evaluateExpression("size(event.data) > 1", vars)).toThrow();
    expect(() => evaluateExpression("event.data.n == ", vars)).toThrow();
  });
});
