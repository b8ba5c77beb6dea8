import "server-only";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/client";
import { AppError } from "../errors";
import { publicFilter } from "../reports/public-filters";
import type { ExportFilter } from "./open-data.schemas";

/** One report as open data: what its public page shows anyone, never who filed it or how to reach them. */
export interface OpenReport {
  id: string;
  ref: string;
  category: string | null;
  status: string;
  severity: string;
  priority: string | null;
  title: string;
  description: string;
  latitude: number;
  longitude: number;
  /**
   * The times as ISO 8601 in UTC to the millisecond, written by the database as JavaScript's
   * `toISOString` writes them: the export prints them as they come, with no Date made per row.
   */
  created_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  /** created_at as the database writes it, to the microsecond: the keyset position (a Date keeps milliseconds only). */
  position: string;
}

/**
 * Reports read per query. Every batch is garbage once sent, and V8 collects what dies young far
 * sooner than what it has promoted; a small batch is more often all dead by the next scavenge.
 * 250 rows is about 75 KB of CSV; the round trips it adds are a small part of an export's time
 * (bench/RESULTS.md has both).
 */
export const EXPORT_BATCH_SIZE = 250;

/** A timestamptz as `Date.prototype.toISOString` writes it (milliseconds truncated, as a Date read from the database keeps them). */
const isoText = (column: ReturnType<typeof sql>) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Staff took the report on when it first reached one of these (under_review may go straight to in_progress). */
const TAKEN_ON = sql.join(["acknowledged", "in_progress", "resolved"].map((s) => sql.lit(s)));

/** The conditions an export's reports meet, each one line: public reports only (rejected ones never), then each filter. */
export function exportConditions(f: ExportFilter): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [publicFilter({ status: f.status, category: f.category })];
  if (f.from) parts.push(sql<SqlBool>`reports.created_at >= ${f.from}`);
  if (f.toBefore) parts.push(sql<SqlBool>`reports.created_at < ${f.toBefore}`);
  if (f.body) parts.push(sql<SqlBool>`reports.body_id = (select id from bodies where slug = ${f.body})`);
  return parts;
}

/** An export by body names one that exists: an unknown slug is the asker's mistake (400 naming body), not an empty file. */
export async function checkExportBody(db: Executor, f: ExportFilter): Promise<void> {
  if (!f.body) return;
  const found = await db.selectFrom("bodies").select("id").where("slug", "=", f.body).executeTakeFirst();
  if (!found) throw new AppError("INVALID_INPUT", `No body has the slug ${f.body}`, { field: "body" });
}

/** Where a batch starts: after this (created_at, id). */
interface Position {
  at: string;
  id: string;
}

/** One batch after `after` (created_at, id), oldest first, over the feed's (created_at, id) indexes. */
export async function exportBatch(db: Executor, f: ExportFilter, after: Position | null, limit = EXPORT_BATCH_SIZE): Promise<OpenReport[]> {
  const where = exportConditions(f);
  if (after) where.push(sql<SqlBool>`(reports.created_at, reports.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  // The rows are handed on as the driver made them: one object per row and nothing copied, since
  // every object made here is garbage a moment later.
  const { rows } = await sql<OpenReport>`
    select reports.id, reports.ref, reports.category, reports.status, reports.severity, reports.priority,
           reports.title, reports.description, reports.latitude, reports.longitude,
           ${isoText(sql`reports.created_at`)} as created_at, reports.created_at::text as position,
           ${isoText(sql`(select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status in (${TAKEN_ON}))`)} as acknowledged_at,
           ${isoText(sql`(select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status = 'resolved')`)} as resolved_at
    from reports
    where ${sql.join(where, sql` and `)}
    order by reports.created_at, reports.id
    limit ${limit}
  `.execute(db);
  return rows;
}

/**
 * Every matching report, a batch at a time, each batch read only when the one before it was taken:
 * one short query per batch (keyset, no cursor held open across the stream), so a decade of a city
 * streams without holding it in memory or a connection for the whole download.
 */
export async function* exportReports(db: Executor, f: ExportFilter, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<OpenReport[]> {
  let after: Position | null = null;
  for (;;) {
    const batch = await exportBatch(db, f, after, batchSize);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    after = { at: last.position, id: last.id };
  }
}
