import { InngestTestEngine } from "@inngest/test";
import { beforeEach, expect, it } from "vitest";
import { cleanupExpired } from "@root/inngest/functions/cleanup-expired";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const DAY = 24 * 3600 * 1000;
const ago = (ms: number) => new Date(Date.now() - ms);

it("deletes only codes, rate-limit hits and sent outbox rows past their keep time", async () => {
  await db()
    .insertInto("otp_codes")
    .values([
      { phone: "+910000000001", code_hash: "old", expires_at: ago(DAY + 60_000) },
      { phone: "+910000000002", code_hash: "expired-today", expires_at: ago(3_600_000) }, // kept a day, for support
      { phone: "+910000000003", code_hash: "live", expires_at: ago(-300_000) },
    ])
    .execute();
  await db()
    .insertInto("rate_limit_windows")
    .values([
      { key: "old", hits: [ago(DAY + 60_000)], updated_at: ago(DAY + 60_000) },
      { key: "new", hits: [ago(DAY + 60_000), ago(60_000)], updated_at: ago(60_000) },
    ])
    .execute();
  await db()
    .insertInto("event_outbox")
    .values([
      { name: "t/sent-long-ago", data: {}, created_at: ago(9 * DAY), sent_at: ago(8 * DAY) },
      { name: "t/sent-recently", data: {}, created_at: ago(2 * DAY), sent_at: ago(DAY) },
      // Never sent, however old: it still has to reach Inngest.
      { name: "t/pending-old", data: {}, created_at: ago(30 * DAY), attempts: 50, last_error: "fetch failed" },
      { name: "t/pending-new", data: {} },
    ])
    .execute();

  const { result } = await new InngestTestEngine({ function: cleanupExpired }).execute();

  expect(await openResult(result)).toEqual({ otpCodes: 1, revokedSessions: 0, rateLimitKeys: 1, outboxRows: 1 });
  const left = async (table: "otp_codes" | "rate_limit_windows" | "event_outbox", col: "code_hash" | "key" | "name") =>
    (await db().selectFrom(table).select(col).execute()).map((r) => Object.values(r)[0]).sort();
  expect(await left("otp_codes", "code_hash")).toEqual(["expired-today", "live"]);
  expect(await left("rate_limit_windows", "key")).toEqual(["new"]);
  expect(await left("event_outbox", "name")).toEqual(["t/pending-new", "t/pending-old", "t/sent-recently"]);
});
