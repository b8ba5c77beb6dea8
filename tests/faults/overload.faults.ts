/**
 * Fault: three times more reports a second than the server can file. The rate it can sustain is
 * measured first, on this machine, with a few clients filing back to back; then reports arrive at
 * three times that rate whether or not earlier ones were answered (an open loop, as independent
 * citizens do). What is too much must be refused at once with a 503 and Retry-After, not queued
 * for seconds; nothing may fail in any other way; and service must be normal again within a few
 * seconds of the overload ending.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atRate, percentile, statusCounts, type Answer } from "./support/client";
import { reportInput, startFaultApp, type Account, type FaultApp } from "./support/fault-app";

const MEASURE_CLIENTS = 8;
const MEASURE_MS = 4_000;
const OVERLOAD_FACTOR = 3;
const OVERLOAD_MS = 5_000;
const SHED_P99_LIMIT_MS = 100;
const SLOWEST_MS = 5_000;
/** Normal service: this many answers in a row, each a 200 within NORMAL_MS. */
const NORMAL_STREAK = 5;
const NORMAL_MS = 1_000;
const RECOVERY_LIMIT_MS = 10_000;

let app: FaultApp;
let citizens: Account[];
beforeAll(async () => {
  app = await startFaultApp({ name: "overload", proxy: "nginx" });
  citizens = await Promise.all(Array.from({ length: 20 }, () => app.account("citizen")));
});
afterAll(async () => app?.stop());

let n = 0;
const file = (i: number) => app.client.mutation<{ id: string }>("reports.create", reportInput(n++), citizens[i % citizens.length]!.cookie);

/** Reports a second the server files with MEASURE_CLIENTS citizens filing back to back. */
async function sustainableRate(): Promise<{ perSecond: number; answers: Answer[] }> {
  const answers: Answer[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: MEASURE_CLIENTS }, async (_, c) => {
      while (performance.now() - started < MEASURE_MS) answers.push(await file(c));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: answers.filter((a) => a.status === 200).length / seconds, answers };
}

describe("overload at three times the sustainable rate", () => {
  it("sheds the excess with fast 503s and serves normally again soon after", async () => {
    const measured = await sustainableRate();
    expect(measured.answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
    const rate = Math.round(measured.perSecond * OVERLOAD_FACTOR);

    const answers = await atRate(rate, OVERLOAD_MS, (i) => file(i));
    const ended = performance.now();
    const shed = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 200);

    // Normal service again: NORMAL_STREAK answers in a row, each a 200 within NORMAL_MS.
    let streak = 0;
    let recoveredMs = Number.NaN;
    for (let i = 0; performance.now() - ended < RECOVERY_LIMIT_MS * 2; i++) {
      const a = await file(i);
      streak = a.status === 200 && a.ms < NORMAL_MS ? streak + 1 : 0;
      if (streak === NORMAL_STREAK) {
        recoveredMs = performance.now() - ended;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(
      `[faults] overload: sustainable ${measured.perSecond.toFixed(1)} reports/s (${MEASURE_CLIENTS} clients back to back for ${MEASURE_MS} ms); ` +
        `${answers.length} sent at ${rate}/s for ${OVERLOAD_MS} ms: ${JSON.stringify(statusCounts(answers))}; ` +
        `503 p50 ${percentile(shed.map((a) => a.ms), 50).toFixed(1)} ms, p99 ${percentile(shed.map((a) => a.ms), 99).toFixed(1)} ms; ` +
        `200 p50 ${percentile(served.map((a) => a.ms), 50).toFixed(1)} ms, p99 ${percentile(served.map((a) => a.ms), 99).toFixed(1)} ms; ` +
        `slowest ${Math.max(...answers.map((a) => a.ms)).toFixed(0)} ms; normal service ${recoveredMs.toFixed(0)} ms after the overload ended`,
    );

    // Each property on its own (expect.soft), so one run names every one that does not hold.
    expect.soft(shed.length, "503s while overloaded").toBeGreaterThan(0);
    expect.soft(shed.filter((a) => !(Number(a.retryAfter) > 0)).length, "503s without Retry-After").toBe(0);
    expect.soft(percentile(shed.map((a) => a.ms), 99), "p99 of the 503s, ms").toBeLessThan(SHED_P99_LIMIT_MS);
    expect.soft(answers.filter((a) => a.status !== 200 && a.status !== 503).map((a) => `${a.status} ${a.failure ?? a.error?.message}`), "answers neither 200 nor 503").toEqual([]);
    expect.soft(answers.filter((a) => a.ms > SLOWEST_MS).length, `answers slower than ${SLOWEST_MS} ms`).toBe(0);
    expect.soft(recoveredMs, "ms to normal service after the overload").toBeLessThan(RECOVERY_LIMIT_MS);
  });
});
