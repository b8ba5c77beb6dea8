import { type Kysely, sql } from "kysely";

// Fewer index writes on the hot paths: filing a report, the outbox relay and every rate-limited
// request (bench/RESULTS.md, 2026-11-29). Nothing a query reads is lost:
// - reports.number and event_outbox.seq come from sequences, so their unique indexes only checked
//   what the sequence guarantees; lookups go by ref (unique) and the relay scans pending rows by seq
//   through event_outbox_pending_idx.
// - event_outbox_sent_idx and report_updates' unique event_id index held an entry for every row
//   whose value is NULL (every pending event, every citizen or moderator entry); partial indexes
//   skip those, and serve the same queries (sent_at < ..., max(sent_at), ON CONFLICT on event_id).
// - rate_limit_windows_updated_idx made every hit a non-HOT update (two index entries per hit);
//   the daily cleanup, its only reader, scans the table instead.
// - fillfactor leaves room on each page for the row's next version, so updates that change no
//   indexed column (a hit, the relay's claim) stay on the page without new index entries.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reports drop constraint reports_number_key`.execute(db);
  await sql`alter table event_outbox drop constraint event_outbox_seq_key`.execute(db);
  await sql`drop index event_outbox_sent_idx`.execute(db);
  await sql`create index event_outbox_sent_idx on event_outbox (sent_at) where sent_at is not null`.execute(db);
  await sql`alter table event_outbox set (fillfactor = 70)`.execute(db);
  await sql`alter table report_updates drop constraint report_updates_event_id_key`.execute(db);
  await sql`create unique index report_updates_event_id_key on report_updates (event_id) where event_id is not null`.execute(db);
  await sql`drop index rate_limit_windows_updated_idx`.execute(db);
  await sql`alter table rate_limit_windows set (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rate_limit_windows reset (fillfactor)`.execute(db);
  await sql`create index rate_limit_windows_updated_idx on rate_limit_windows (updated_at)`.execute(db);
  await sql`drop index report_updates_event_id_key`.execute(db);
  await sql`alter table report_updates add constraint report_updates_event_id_key unique (event_id)`.execute(db);
  await sql`alter table event_outbox reset (fillfactor)`.execute(db);
  await sql`drop index event_outbox_sent_idx`.execute(db);
  await sql`create index event_outbox_sent_idx on event_outbox (sent_at)`.execute(db);
  await sql`alter table event_outbox add constraint event_outbox_seq_key unique (seq)`.execute(db);
  await sql`alter table reports add constraint reports_number_key unique (number)`.execute(db);
}
