import { type Kysely, sql } from "kysely";

/**
 * Service levels (issue 18). `service_levels` holds the targets admins set: per category, and
 * optionally per priority (`priority = 'any'` is the category's default), acknowledge within N hours
 * and resolve within N days. Every category starts with a default.
 *
 * On reports: the deadlines `track-service-level` computes at filing (`acknowledge_by`,
 * `resolve_by`), when each stage was reached (`acknowledged_at`, `resolved_at`, recorded from the
 * timeline by the same function, late or not), and how many deadlines it missed
 * (`service_level_breaches`, which the priority rule reads: each raises the priority one level).
 * `service_level_breaches` the table: one row per report and stage that missed its deadline; its
 * primary key is what makes a breach happen once however often the event is delivered, and
 * `digest_hour` the hourly digest that told moderators of it.
 */
const CATEGORY_DEFAULTS: [string, number, number][] = [
  ["roads", 48, 14],
  ["streetlights", 48, 7],
  ["garbage", 24, 3],
  ["water_supply", 12, 3],
  ["drainage", 24, 7],
  ["electricity", 12, 3],
  ["trees_parks", 72, 14],
  ["public_property", 72, 21],
  ["public_safety", 4, 2],
  ["environment", 48, 14],
  ["other", 72, 30],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("service_levels")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull().defaultTo("any").check(sql`priority in ('any', 'low', 'normal', 'high', 'urgent')`))
    .addColumn("acknowledge_hours", "integer", (c) => c.notNull().check(sql`acknowledge_hours between 1 and 8760`))
    .addColumn("resolve_days", "integer", (c) => c.notNull().check(sql`resolve_days between 1 and 365`))
    // Not a foreign key: the targets are configuration and outlive any account (the audit log names who set them).
    .addColumn("updated_by", "uuid")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("service_levels_pkey", ["category", "priority"])
    .execute();
  await db
    .insertInto("service_levels")
    .values(CATEGORY_DEFAULTS.map(([category, acknowledge_hours, resolve_days]) => ({ category, priority: "any", acknowledge_hours, resolve_days })))
    .execute();

  await db.schema
    .alterTable("reports")
    .addColumn("acknowledge_by", "timestamptz")
    .addColumn("resolve_by", "timestamptz")
    .addColumn("acknowledged_at", "timestamptz")
    .addColumn("resolved_at", "timestamptz")
    .addColumn("service_level_breaches", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // The compliance page reads reports filed in the last 7/30/90 days that carry deadlines.
  await sql`create index reports_service_level_idx on reports (created_at) where acknowledge_by is not null`.execute(db);
  // The overdue list: open reports whose earlier deadline has passed.
  await sql`create index reports_open_deadline_idx on reports (least(acknowledge_by, resolve_by)) where status in ('submitted', 'under_review', 'acknowledged', 'in_progress')`.execute(db);

  await db.schema
    .createTable("service_level_breaches")
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull().check(sql`stage in ('acknowledge', 'resolve')`))
    .addColumn("deadline", "timestamptz", (c) => c.notNull())
    .addColumn("breached_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("digest_hour", "timestamptz")
    .addPrimaryKeyConstraint("service_level_breaches_pkey", ["report_id", "stage"])
    .execute();
  await sql`create index service_level_breaches_undigested_idx on service_level_breaches (breached_at) where digest_hour is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("service_level_breaches").ifExists().execute();
  await sql`drop index if exists reports_service_level_idx`.execute(db);
  await sql`drop index if exists reports_open_deadline_idx`.execute(db);
  await db.schema
    .alterTable("reports")
    .dropColumn("acknowledge_by")
    .dropColumn("resolve_by")
    .dropColumn("acknowledged_at")
    .dropColumn("resolved_at")
    .dropColumn("service_level_breaches")
    .execute();
  await db.schema.dropTable("service_levels").ifExists().execute();
}
