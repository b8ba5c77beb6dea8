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
  created_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  /** created_at as the database writes it, to the microsecond: the keyset position (a Date keeps milliseconds only). */
  position: string;
}

/** Reports read per query: small enough that a batch is a few hundred kilobytes, big enough that the round trips do not dominate. */
export const EXPORT_BATCH_SIZE = 1_000;

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
  const { rows } = await sql<OpenReport>`
    select reports.id, reports.ref, reports.category, reports.status, reports.severity, reports.priority,
           reports.title, reports.description, reports.latitude, reports.longitude, reports.created_at, reports.created_at::text as position,
           (select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status in (${TAKEN_ON})) as acknowledged_at,
           (select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status = 'resolved') as resolved_at
    from reports
    where ${sql.join(where, sql` and `)}
    order by reports.created_at, reports.id
    limit ${limit}
  `.execute(db);
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at), acknowledged_at: dateOrNull(r.acknowledged_at), resolved_at: dateOrNull(r.resolved_at) }));
}

const dateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));

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
