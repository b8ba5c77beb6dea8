import "server-only";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/client";
import { cursorPosition, invalidCursor } from "../pagination";
import type { Status } from "@/shared/report-catalog";
import type { QueueInput } from "./admin.schemas";

/** Reports still waiting on someone; the queue shows these unless a status filter says otherwise. */
export const OPEN_STATUSES: Status[] = ["submitted", "under_review", "acknowledged", "in_progress"];

// Sort keys as SQL expressions, so the ORDER BY and the keyset comparison use the same values
// (and an unknown priority, before triage, sorts after "low").
const bucket = sql<number>`(case when reports.status = 'under_review' then 0 else 1 end)`;
const priorityRank = sql<number>`(case reports.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 when 'low' then 3 else 4 end)`;

/**
 * The close or reopen request still waiting for a moderator on the report, or null: update-rules.ts
 * pendingRequest in SQL (the newest visible request posted after the report's last status change
 * with no visible staff update after it), so the queue shows a reporter's "fixed now" on an open
 * report without reading its updates. Index-backed per row (report_posts_report_idx).
 */
const waitingRequest = sql<"close_request" | "reopen_request" | null>`(
  select p.effect from report_posts p
  where p.report_id = reports.id and p.hidden_at is null and p.effect in ('close_request', 'reopen_request')
    and p.created_at > coalesce((select max(u.created_at) from report_updates u where u.report_id = reports.id and u.kind = 'status_changed'), '-infinity'::timestamptz)
    and not exists (
      select 1 from report_posts s
      where s.report_id = reports.id and s.hidden_at is null and s.kind = 'staff' and (s.created_at, s.id) > (p.created_at, p.id)
    )
  order by p.created_at desc, p.id desc
  limit 1)`;

/**
 * Keyset cursor over (bucket, priority rank, created_at, id): stable while moderators act (an
 * offset would skip or repeat rows as reports leave the queue), and each page is one index-backed
 * range scan instead of counting past every earlier row.
 */
interface QueueCursor {
  b: number;
  p: number;
  at: string;
  id: string;
}

function encode(c: QueueCursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decode(raw: string | undefined): QueueCursor | null {
  if (!raw) return null;
  let c: Partial<QueueCursor> | null = null;
  try {
    c = JSON.parse(Buffer.from(raw, "base64url").toString()) as Partial<QueueCursor>;
  } catch {
    throw invalidCursor();
  }
  // The bucket and the priority rank are small integers (the CASE expressions above); anything else would fail the comparison's query.
  const rank = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 9;
  if (!c || !rank(c.b) || !rank(c.p)) throw invalidCursor();
  const { at, id } = cursorPosition(c.at, c.id);
  return { b: c.b, p: c.p, at: at.toISOString(), id };
}

/** The moderation queue: under review first, then by priority (or age), oldest first within each. One query. */
export async function listQueue(db: Executor, f: QueueInput, scope: string[] | null = null) {
  const cursor = decode(f.cursor);
  let q = db
    .selectFrom("reports")
    .select([
      "id",
      "ref",
      "title",
      "status",
      "category",
      "citizen_category",
      "severity",
      "priority",
      "classification",
      "classification_confidence",
      "classifier_agreed",
      "hazard",
      "address",
      "version",
      "support_count",
      "body_id",
      "created_at",
      "updated_at",
    ])
    .select(sql<string | null>`(select name from bodies where bodies.id = reports.body_id)`.as("body_name"))
    .select([bucket.as("bucket"), priorityRank.as("priority_rank"), waitingRequest.as("pending_request")]);
  q = f.status ? q.where("status", "=", f.status) : q.where("status", "in", OPEN_STATUSES);
  if (f.category) q = q.where("category", "=", f.category);
  // A limited moderator's queue holds only their bodies' reports (domain/bodies/moderator-scope.ts).
  if (f.bodyId) q = q.where("body_id", "=", f.bodyId);
  if (scope) q = q.where("body_id", "in", scope);
  if (f.severity) q = q.where("severity", "=", f.severity);
  if (f.priority) q = q.where("priority", "=", f.priority);
  if (f.from) q = q.where("created_at", ">=", f.from);
  if (f.to) q = q.where("created_at", "<=", f.to);
  if (f.withRequest) q = q.where(sql<SqlBool>`${waitingRequest} is not null`);

  const byPriority = f.sort === "priority";
  if (cursor) {
    const after: Expression<SqlBool> = byPriority
      ? sql<SqlBool>`(${bucket}, ${priorityRank}, reports.created_at, reports.id) > (${cursor.b}, ${cursor.p}, ${new Date(cursor.at)}::timestamptz, ${cursor.id}::uuid)`
      : sql<SqlBool>`(${bucket}, reports.created_at, reports.id) > (${cursor.b}, ${new Date(cursor.at)}::timestamptz, ${cursor.id}::uuid)`;
    q = q.where(after);
  }
  q = q.orderBy(bucket);
  if (byPriority) q = q.orderBy(priorityRank);
  const rows = await q.orderBy("created_at").orderBy("id").limit(f.limit + 1).execute();

  const items = rows.slice(0, f.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ bucket: _b, priority_rank: _p, support_count, pending_request, ...r }) => ({ ...r, supportCount: support_count, pendingRequest: pending_request })),
    nextCursor: rows.length > f.limit && last ? encode({ b: Number(last.bucket), p: Number(last.priority_rank), at: last.created_at.toISOString(), id: last.id }) : null,
  };
}
