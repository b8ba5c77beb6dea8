import { type Kysely, sql } from "kysely";

/**
 * Updates on a report (issue 20; ADR 0023), posted by its reporter, any signed-in citizen or staff.
 * `report_updates` is already the timeline (migration 0002), so these are `report_posts`: one row per
 * update, with its kind, its author, its text, and what it asks of moderators (`effect`: a reporter's
 * confirmation of a resolution, a request to close or to reopen), hidden after the fact by a moderator
 * with a reason. `report_post_notices` is how far each recipient has been told of a report's updates,
 * so a debounced notice says everything new once. A new or hidden update notifies `report_changed`
 * (ADR 0016) like a timeline entry, so open report pages refresh.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("report_posts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("author_role", "text", (c) => c.notNull().check(sql`author_role in ('reporter', 'citizen', 'staff')`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('note', 'still_there', 'fixed', 'staff')`))
    .addColumn("text", "text", (c) => c.check(sql`char_length(text) <= 2000`))
    .addColumn("effect", "text", (c) => c.check(sql`effect in ('confirms_resolution', 'close_request', 'reopen_request')`))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "uuid", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index report_posts_report_idx on report_posts (report_id, created_at, id)`.execute(db);

  await db.schema
    .createTable("report_post_notices")
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("told_through", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_post_notices_pkey", ["report_id", "user_id"])
    .execute();

  await sql`
    create function report_posts_notify() returns trigger language plpgsql as $$
    declare touched bigint := (select count(distinct report_id) from changed);
    begin
      perform notify_report_changes(touched);
      if touched <= 100 then
        perform pg_notify('report_changed', r.id::text || ' ' || r.reporter_id::text)
          from reports r where r.id in (select report_id from changed);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger report_posts_notify_inserted after insert on report_posts referencing new table as changed for each statement execute function report_posts_notify()`.execute(db);
  await sql`create trigger report_posts_notify_updated after update on report_posts referencing new table as changed for each statement execute function report_posts_notify()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists report_posts_notify_updated on report_posts`.execute(db);
  await sql`drop trigger if exists report_posts_notify_inserted on report_posts`.execute(db);
  await sql`drop function if exists report_posts_notify()`.execute(db);
  await db.schema.dropTable("report_post_notices").ifExists().execute();
  await db.schema.dropTable("report_posts").ifExists().execute();
}
