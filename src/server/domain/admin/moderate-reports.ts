import "server-only";
import type { DB } from "../../db/client";
import { AppError } from "../errors";
import type { ModerateBulkInput } from "./admin.schemas";
import { moderateReport, type ModerationResult, type Moderator } from "./moderate-report";

/** One report's outcome; a skipped one says which report (its ref, null when there is no such report) and why. */
export type BulkItemResult =
  | { reportId: string; ref: string; ok: true; result: ModerationResult }
  | { reportId: string; ref: string | null; ok: false; error: string; code: string; field: string | null };

/**
 * The same action on many reports, each in its own transaction: one stale or illegal item fails
 * alone with its message, and the others still go through. Sequential on purpose: PGlite has one
 * connection, and a moderator's bulk of at most 50 is small.
 */
export async function moderateReports(db: DB, actor: Moderator, input: ModerateBulkInput): Promise<BulkItemResult[]> {
  const { items, ...action } = input;
  const refs = new Map(
    (await db.selectFrom("reports").select(["id", "ref"]).where("id", "in", items.map((i) => i.reportId)).execute()).map((r) => [r.id, r.ref]),
  );
  const results: BulkItemResult[] = [];
  for (const item of items) {
    try {
      const result = await moderateReport(db, actor, { ...action, ...item });
      results.push({ reportId: item.reportId, ref: result.ref, ok: true, result });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Plain words for the moderator; the field at fault, for a client, beside them.
      results.push({ reportId: item.reportId, ref: refs.get(item.reportId) ?? null, ok: false, error: err.message, code: err.code, field: err.field ?? null });
    }
  }
  return results;
}
