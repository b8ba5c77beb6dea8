/**
 * The Inngest stand-in in a child process (inngest-standin-child.ts says why), in signed cloud mode
 * as production runs: the server gets INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY / INNGEST_BASE_URL =
 * `url`. Stopping it is Inngest going down; `start` again on the same port is Inngest coming back
 * (the app must then be registered again, as a fresh Inngest would sync it).
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunRecord } from "../../tests/support/inngest-standin";
import type { CallSummary, StandinCommand, StandinStats } from "./inngest-standin-child";

export const BENCH_SIGNING_KEY = `signkey-bench-${"5e".repeat(32)}`;
export const BENCH_EVENT_KEY = "bench-reliability-event-key";

export interface StandinProcess {
  url: string;
  register(appUrl: string): Promise<void>;
  /** Starts a run of a cron function, as Inngest's schedule would, and resolves when it finished. */
  triggerCron(functionId: string): Promise<RunRecord>;
  stats(): Promise<StandinStats>;
  /** Its calls to the app per function since the last reset (`reset` starts a new count). */
  calls(reset?: boolean): Promise<Record<string, CallSummary>>;
  /** Stops it; resolves with its last stats (null if it had already gone). */
  close(): Promise<StandinStats | null>;
}

// CPU of the stand-ins closed so far, so a run's figure covers the one it restarted too.
let closedStandinsCpuSeconds = 0;

/** CPU seconds used by every stand-in process of this bench so far: the closed ones and `current`. */
export async function standinsCpuSeconds(current: StandinProcess | null): Promise<number> {
  const live = current ? ((await current.stats().catch(() => null))?.cpuSeconds ?? 0) : 0;
  return closedStandinsCpuSeconds + live;
}

type Command = StandinCommand extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never;
type Reply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

/** Starts the stand-in in a child process; `port` 0 picks a free one. */
export async function startStandinProcess(port = 0): Promise<StandinProcess> {
  const args = [String(port), BENCH_SIGNING_KEY, BENCH_EVENT_KEY];
  const child: ChildProcess = fork(fileURLToPath(new URL("./inngest-standin-child.ts", import.meta.url)), args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the Inngest stand-in exited (${code}) before it was ready`)));
    child.on("message", (m: { ready?: string } & Partial<Reply>) => {
      if (m.ready) return resolve(m.ready);
      const waiter = pending.get(m.id!);
      if (!waiter) return;
      pending.delete(m.id!);
      if (m.ok) waiter.resolve((m as { result?: unknown }).result);
      else waiter.reject(new Error((m as { error: string }).error));
    });
  });
  child.on("exit", () => {
    for (const w of pending.values()) w.reject(new Error("the Inngest stand-in exited"));
    pending.clear();
  });
  const call = <T>(command: Command): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...command, id });
    });

  return {
    url,
    register: (appUrl) => call({ cmd: "register", appUrl }),
    triggerCron: (functionId) => call({ cmd: "triggerCron", functionId }),
    stats: () => call({ cmd: "stats" }),
    calls: (reset = false) => call({ cmd: "calls", reset }),
    async close() {
      if (child.exitCode !== null) return null;
      const exited = new Promise((r) => child.once("exit", r));
      const last = await call<StandinStats>({ cmd: "close" }).catch(() => null);
      closedStandinsCpuSeconds += last?.cpuSeconds ?? 0;
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      return last;
    },
  };
}
