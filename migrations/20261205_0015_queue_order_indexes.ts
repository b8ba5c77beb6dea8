import { type Kysely, sql } from "kysely";

/**
 * The moderation queue's order as indexes (issue 15, found by the city bench): admin.queue sorts by
 * (under review first, priority rank, created_at, id), both CASE expressions. With only
 * reports_queue_idx (status, priority, created_at), a filter by status and category read every
 * matching report and sorted them for one page, which at a million reports meant thousands of heap
 * reads per page. PostgreSQL walks an index in the query's order only when the index holds the same
 * expressions after the columns the query pins by equality:
 * - reports_queue_order_idx: status and category pinned (the queue's filters), then the order.
 * - reports_queue_open_idx: the default queue (every open status), partial so it holds only open reports.
 * The expressions are written as list-queue.ts writes them (bucket, priorityRank): change both together.
 */
const bucket = sql`(case when status = 'under_review' then 0 else 1 end)`;
const rank = sql`(case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 when 'low' then 3 else 4 end)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index reports_queue_order_idx on reports (status, category, ${bucket}, ${rank}, created_at, id)`.execute(db);
  await sql`create index reports_queue_open_idx on reports (${bucket}, ${rank}, created_at, id) where status in ('submitted', 'under_review', 'acknowledged', 'in_progress')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reports_queue_open_idx`.execute(db);
  await sql`drop index if exists reports_queue_order_idx`.execute(db);
}
