import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { consumeRateLimits, type RateLimit } from "@/server/domain/rate-limit";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const limit = (key: string, n: number, windowSeconds = 60): RateLimit => ({ key, limit: n, windowSeconds, message: `too many for ${key}` });
const hit = (limits: RateLimit[], now: Date) => db().transaction().execute((trx) => consumeRateLimits(trx, limits, now));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)),
  );

describe("consumeRateLimits", () => {
  it("allows `limit` hits in the window, then refuses with the seconds until the oldest leaves it", async () => {
    const t0 = new Date("2026-11-28T10:00:00Z");
    for (let i = 0; i < 3; i++) await hit([limit("k", 3)], new Date(t0.getTime() + i * 10_000));
    const refused = await refusal(hit([limit("k", 3)], new Date(t0.getTime() + 25_000)));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", message: "too many for k", retryAfterSeconds: 35 });
    // The window slides: once the first hit is 60 s old, one more is allowed.
    await expect(hit([limit("k", 3)], new Date(t0.getTime() + 60_001))).resolves.toBeUndefined();
  });

  it("does not count a refused request, nor one whose transaction failed later", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    await hit([limit("k", 1)], now);
    await refusal(hit([limit("k", 1)], now));
    await expect(
      db().transaction().execute(async (trx) => {
        await consumeRateLimits(trx, [limit("other", 5)], now);
        throw new Error("the work after the limit failed");
      }),
    ).rejects.toThrow("failed");
    const rows = await db().selectFrom("rate_limit_windows").select(["key", "hits"]).execute();
    expect(rows.map((r) => [r.key, r.hits.length])).toEqual([["k", 1]]);
  });

  it("checks several limits at once and names the one that refused", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    await hit([limit("phone", 5), limit("ip", 2)], now);
    await hit([limit("phone", 5), limit("ip", 2)], now);
    const refused = await refusal(hit([limit("phone", 5), limit("ip", 2)], now));
    expect(refused?.message).toBe("too many for ip");
    // Nothing of the refused request was logged, for either key.
    const counts = await db().selectFrom("rate_limit_windows").select(["key", "hits"]).orderBy("key").execute();
    expect(counts.map((c) => [c.key, c.hits.length])).toEqual([["ip", 2], ["phone", 2]]);
  });

  it("lets exactly `limit` of many concurrent requests through", async () => {
    const now = new Date();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => hit([limit("burst", 5), limit("burst-b", 100)], now)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof AppError)).toBe(true);
  });
});
