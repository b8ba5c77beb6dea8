import { type Kysely, sql } from "kysely";

// Reports, their public timeline, and the reputation ledger.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("number", "bigserial", (c) => c.notNull().unique())
    .addColumn("year", "smallint", (c) => c.notNull().defaultTo(sql`extract(year from now())::smallint`))
    // The public reference citizens quote: CL-2026-000123.
    .addColumn("ref", "text", (c) => c.generatedAlwaysAs(sql`'CL-' || year::text || '-' || lpad(number::text, 6, '0')`).stored().notNull().unique())
    .addColumn("reporter_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("category", "text")
    .addColumn("citizen_category", "text")
    .addColumn("severity", "text", (c) => c.notNull().check(sql`severity in ('low','medium','high','critical')`))
    .addColumn("priority", "text", (c) => c.check(sql`priority in ('low','normal','high','urgent')`))
    .addColumn("latitude", "double precision", (c) => c.notNull().check(sql`latitude between -90 and 90`))
    .addColumn("longitude", "double precision", (c) => c.notNull().check(sql`longitude between -180 and 180`))
    .addColumn("address", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("submitted").check(sql`status in ('submitted','under_review','acknowledged','in_progress','resolved','rejected','duplicate')`),
    )
    .addColumn("classification", "text")
    .addColumn("classification_confidence", "real")
    .addColumn("classifier_agreed", "boolean")
    .addColumn("hazard", "boolean")
    .addColumn("model_version", "text")
    .addColumn("triaged_at", "timestamptz")
    .addColumn("duplicate_of", "uuid", (c) => c.references("reports.id"))
    // Optimistic concurrency: every change bumps it; a writer that read an older one is refused.
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Keyset pagination, newest first, for each way the feed and "my reports" are read.
  await sql`create index reports_feed_idx on reports (created_at desc, id desc)`.execute(db);
  await sql`create index reports_status_feed_idx on reports (status, created_at desc, id desc)`.execute(db);
  await sql`create index reports_category_feed_idx on reports (category, created_at desc, id desc)`.execute(db);
  await sql`create index reports_reporter_idx on reports (reporter_id, created_at desc, id desc)`.execute(db);
  await sql`create index reports_location_idx on reports (latitude, longitude)`.execute(db);

  await db.schema
    .createTable("report_updates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("note", "text")
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("actor_role", "text")
    .addColumn("metadata", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Set when an Inngest event wrote the entry: a redelivery cannot add it twice.
    .addColumn("event_id", "text", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("report_updates_report_idx").on("report_updates").columns(["report_id", "created_at"]).execute();

  await db.schema
    .createTable("reputation_ledger")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("points", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("source_type", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("event_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The reason a retried or redelivered award is a no-op.
    .addUniqueConstraint("reputation_ledger_award_key", ["user_id", "reason", "source_id"])
    .execute();
  await sql`create index reputation_ledger_user_idx on reputation_ledger (user_id, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["reputation_ledger", "report_updates", "reports"]) await db.schema.dropTable(t).ifExists().execute();
}
