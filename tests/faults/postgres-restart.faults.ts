/**
 * Fault: PostgreSQL restarts (`pg_ctlcluster <version> <cluster> restart`, as an operator or a
 * failover does) while citizens file reports at a steady 50 a second. Every report answered 2xx must
 * be in the database afterwards; every other answer must be a clean 503, none a 500 and none later
 * than 5 s; and the app must serve again by itself, with no restart of its own.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atRate, percentile, statusCounts, type Answer } from "./support/client";
import { reportInput, startFaultApp, type Account, type FaultApp } from "./support/fault-app";
import { restartPostgres } from "./support/postgres";

const PER_SECOND = 50;
const DURATION_MS = 8_000;
const RESTART_AFTER_MS = 2_000;
const SLOWEST_MS = 5_000;
const RECOVERY_LIMIT_MS = 10_000;

let app: FaultApp;
let citizens: Account[];
beforeAll(async () => {
  app = await startFaultApp({ name: "postgres-restart" });
  citizens = await Promise.all(Array.from({ length: 10 }, () => app.account("citizen")));
});
afterAll(async () => app?.stop());

interface Sent {
  at: number;
  key: string;
  answer: Answer<{ id: string }>;
}

describe("PostgreSQL restarted under load", () => {
  it("keeps every accepted report, answers the rest with a fast 503, and recovers by itself", async () => {
    const warm = await app.client.mutation("reports.create", reportInput(0), citizens[0]!.cookie);
    expect(warm.status, JSON.stringify(warm.error)).toBe(200);

    const t0 = performance.now();
    const restart = (async () => {
      await new Promise((r) => setTimeout(r, RESTART_AFTER_MS));
      const started = performance.now() - t0;
      const { cluster } = await restartPostgres();
      return { cluster, started, done: performance.now() - t0 };
    })();
    const sent = await atRate(PER_SECOND, DURATION_MS, async (i): Promise<Sent> => {
      const key = randomUUID();
      const at = performance.now() - t0;
      const answer = await app.client.mutation<{ id: string }>("reports.create", reportInput(i, { submissionKey: key }), citizens[i % citizens.length]!.cookie);
      return { at, key, answer };
    });
    const { cluster, started, done } = await restart;

    const failed = sent.filter((s) => s.answer.status !== 200);
    const lastFailure = failed.reduce((latest, s) => Math.max(latest, s.at), -Infinity);
    // Recovered from the first request sent after the last failed one: every later one was served.
    const recoveredAt = sent.filter((s) => s.at > lastFailure).reduce((first, s) => Math.min(first, s.at), Infinity);
    const slowest = Math.max(...sent.map((s) => s.answer.ms));
    console.log(
      `[faults] postgres-restart: ${sent.length} reports at ${PER_SECOND}/s; \`pg_ctlcluster ${cluster.replace("/", " ")} restart\` ran from ${Math.round(started)} to ${Math.round(done)} ms; ` +
        `answers ${JSON.stringify(statusCounts(sent.map((s) => s.answer)))}; failed requests sent from ${Math.round(Math.min(...failed.map((s) => s.at)))} to ${Math.round(lastFailure)} ms; ` +
        `every request sent from ${Math.round(recoveredAt)} ms on served (${Math.round(recoveredAt - started)} ms after the restart began); ` +
        `slowest answer ${Math.round(slowest)} ms, p99 ${Math.round(percentile(sent.map((s) => s.answer.ms), 99))} ms`,
    );

    // The restart was felt (otherwise this test proves nothing), and every failure was a clean 503.
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((s) => s.answer.status !== 503).map((s) => `${s.answer.status} ${s.answer.failure ?? s.answer.error?.message}`)).toEqual([]);
    expect(failed.every((s) => Number(s.answer.retryAfter) > 0)).toBe(true);
    expect(sent.filter((s) => s.answer.ms > SLOWEST_MS).map((s) => `${Math.round(s.answer.ms)} ms (${s.answer.status})`)).toEqual([]);
    // The app served again by itself, soon after PostgreSQL was back.
    expect(Number.isFinite(recoveredAt)).toBe(true);
    expect(recoveredAt - started).toBeLessThan(RECOVERY_LIMIT_MS);

    // Every report answered 2xx is in the database, under the key it was sent with.
    const accepted = sent.filter((s) => s.answer.status === 200);
    const stored = await app.db.selectFrom("reports").select(["id", "submission_key"]).where("id", "in", accepted.map((s) => s.answer.data!.id)).execute();
    const storedKeys = new Map(stored.map((r) => [r.id, r.submission_key]));
    expect(accepted.filter((s) => storedKeys.get(s.answer.data!.id) !== s.key).map((s) => s.answer.data!.id)).toEqual([]);
    // The connection PostgreSQL dropped did not surface as an uncaught exception.
    expect(app.e2e.logs()).not.toMatch(/uncaughtException|unhandledRejection/i);
  });
});
