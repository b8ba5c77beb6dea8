import "server-only";
import type { DB } from "../../db/client";
import { AppError } from "../errors";
import type { ModerateBulkInput } from "./admin.schemas";
import { moderateReport, type ModerationResult, type Moderator } from "./moderate-report";

export type BulkItemResult = { reportId: string; ok: true; result: ModerationResult } | { reportId: string; ok: false; error: string; code: string };

/**
 * The same action on many reports, each in its own transaction: one stale or illegal item fails
 * alone with its message, and the others still go through. Sequential on purpose: PGlite has one
 * connection, and a moderator's bulk of at most 50 is small.
 */
export async function moderateReports(db: DB, actor: Moderator, input: ModerateBulkInput): Promise<BulkItemResult[]> {
  const { items, ...action } = input;
  const results: BulkItemResult[] = [];
  for (const item of items) {
    try {
      results.push({ reportId: item.reportId, ok: true, result: await moderateReport(db, actor, { ...action, ...item }) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const message = err.code === "INVALID_INPUT" && err.field ? `${err.field}: ${err.message}` : err.message;
      results.push({ reportId: item.reportId, ok: false, error: message, code: err.code });
    }
  }
  return results;
}
