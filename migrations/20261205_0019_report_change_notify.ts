import { type Kysely, sql } from "kysely";

/**
 * Live updates (ADR 0016): a change to a report, or a new entry on its timeline, notifies the
 * channel `report_changed` in the writing transaction, so listeners hear of it only once it commits,
 * and every server instance listening on the database hears it. The payload is ids only, the report's
 * and its reporter's ("<reportId> <reporterId>"); PostgreSQL folds identical notifications of one
 * transaction into one. A statement touching more than a hundred reports (a bulk load, a bulk
 * moderation) sends one "*" instead: everything may have changed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_report_changes(touched bigint) returns void language sql as $$
      select pg_notify('report_changed', '*') where touched > 100
    $$`.execute(db);
  await sql`
    create function reports_notify_inserted() returns trigger language plpgsql as $$
    declare touched bigint := (select count(*) from added);
    begin
      perform notify_report_changes(touched);
      if touched <= 100 then
        perform pg_notify('report_changed', a.id::text || ' ' || a.reporter_id::text) from added a;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create function reports_notify_updated() returns trigger language plpgsql as $$
    declare touched bigint := (select count(*) from after_rows);
    begin
      perform notify_report_changes(touched);
      if touched <= 100 then
        perform pg_notify('report_changed', a.id::text || ' ' || a.reporter_id::text)
          from after_rows a join before_rows b on b.id = a.id
          where a is distinct from b;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create function report_updates_notify_inserted() returns trigger language plpgsql as $$
    declare touched bigint := (select count(distinct report_id) from added);
    begin
      perform notify_report_changes(touched);
      if touched <= 100 then
        perform pg_notify('report_changed', r.id::text || ' ' || r.reporter_id::text)
          from reports r where r.id in (select report_id from added);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger reports_notify_inserted after insert on reports referencing new table as added for each statement execute function reports_notify_inserted()`.execute(db);
  await sql`create trigger reports_notify_updated after update on reports referencing old table as before_rows new table as after_rows for each statement execute function reports_notify_updated()`.execute(db);
  await sql`create trigger report_updates_notify_inserted after insert on report_updates referencing new table as added for each statement execute function report_updates_notify_inserted()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists report_updates_notify_inserted on report_updates`.execute(db);
  await sql`drop trigger if exists reports_notify_updated on reports`.execute(db);
  await sql`drop trigger if exists reports_notify_inserted on reports`.execute(db);
  await sql`drop function if exists report_updates_notify_inserted()`.execute(db);
  await sql`drop function if exists reports_notify_updated()`.execute(db);
  await sql`drop function if exists reports_notify_inserted()`.execute(db);
  await sql`drop function if exists notify_report_changes(bigint)`.execute(db);
}
