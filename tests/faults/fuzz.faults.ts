/**
 * Fault: hostile input. A property-based fuzz (fast-check, tests/faults/fuzz.ts) of every procedure
 * of the app's router, read from the router so a new procedure cannot be missed, sends at least
 * 10,000 requests to the production build as an anonymous visitor, a citizen and an admin. Not one
 * may be answered with a 5xx or left unanswered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHttpFuzz } from "./fuzz-http";
import { routerProcedures } from "./fuzz";
import { reportInput, startFaultApp, type Account, type FaultApp } from "./support/fault-app";

const RUNS = Math.max(10_000, Number(process.env.FAULTS_FUZZ_RUNS ?? 10_000));
const SEED = process.env.FAULTS_FUZZ_SEED ? Number(process.env.FAULTS_FUZZ_SEED) : undefined;

let app: FaultApp;
let citizen: Account;
let admin: Account;
beforeAll(async () => {
  app = await startFaultApp({ name: "fuzz" });
  const other = await app.account("citizen");
  [citizen, admin] = await Promise.all([app.account("citizen"), app.account("admin")]);
  // Rows to aim at: the fuzz picks ids, references and cursors from what the app lists.
  for (let i = 0; i < 5; i++) {
    const filed = await app.client.mutation("reports.create", reportInput(i), (i % 2 ? citizen : other).cookie);
    expect(filed.status, JSON.stringify(filed.error)).toBe(200);
  }
});
afterAll(async () => app?.stop());

describe("fuzz of every procedure", () => {
  it(`answers ${RUNS} hostile requests across anonymous, citizen and admin without a 5xx`, async () => {
    const procedures = routerProcedures();
    expect(procedures.length).toBeGreaterThan(20);
    const seed = SEED ?? Date.now() % 2 ** 31;
    const started = performance.now();
    let report;
    try {
      report = await runHttpFuzz({ baseUrl: app.url, cookies: { citizen: citizen.cookie, admin: admin.cookie }, runs: RUNS, seed });
    } catch (err) {
      throw new Error(`fuzz failed (replay with FAULTS_FUZZ_SEED=${seed}): ${(err as Error).message}`);
    }
    console.log(
      `[faults] fuzz: ${report.requests} requests over ${procedures.length} procedures in ${Math.round(performance.now() - started)} ms (seed ${seed}): ${JSON.stringify(report.statuses)}`,
    );
    expect(report.requests).toBeGreaterThanOrEqual(RUNS);
    expect(Object.keys(report.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  });
});
