import "server-only";
import type { Executor } from "../../db/client";
import { consumeRateLimits, type RateLimit } from "../rate-limit";

export type OpenDataKind = "export" | "feed";

/**
 * Per address: an export may read a whole city, so a few an hour; a feed reader polls, so more.
 * Visitors behind one shared address share them.
 */
const LIMITS: Record<OpenDataKind, Omit<RateLimit, "key">> = {
  export: { limit: 30, windowSeconds: 3600, message: "Too many downloads from your address; please wait before the next one." },
  feed: { limit: 240, windowSeconds: 3600, message: "This feed was asked for too often from your address; please poll less often." },
};

/** Counts one open-data request from `ip` (or from nowhere known), or throws RATE_LIMITED with the wait. */
export async function consumeOpenDataLimit(db: Executor, kind: OpenDataKind, ip: string | null): Promise<void> {
  await consumeRateLimits(db, [{ key: `open-data:${kind}:ip:${ip ?? "unknown"}`, ...LIMITS[kind] }]);
}
