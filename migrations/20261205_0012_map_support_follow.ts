import { type Kysely, sql } from "kysely";

/**
 * The city map, "me too" support and following (issue 15).
 * - Distance and text similarity in the database, with contrib extensions that both PostgreSQL and
 *   embedded PGlite ship: cube + earthdistance (a GiST index on ll_to_earth) and pg_trgm (a GIN
 *   trigram index on the title). PGlite loads them from the extensions its constructor is given
 *   (src/server/db/pglite.ts).
 * - `report_supports`: one row per citizen per report; its primary key is why a second or
 *   concurrent support by the same citizen makes no second row. `reports.support_count` is the
 *   count kept beside it, in the same transaction, so lists never count rows.
 * - `report_follows`: who follows a report besides its reporter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists cube`.execute(db);
  await sql`create extension if not exists earthdistance`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`alter table reports add column support_count integer not null default 0 check (support_count >= 0)`.execute(db);
  await sql`create index reports_earth_idx on reports using gist (ll_to_earth(latitude, longitude))`.execute(db);
  await sql`create index reports_title_trgm_idx on reports using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index reports_duplicate_of_idx on reports (duplicate_of) where duplicate_of is not null`.execute(db);

  await db.schema
    .createTable("report_supports")
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("report_supports_pkey", ["report_id", "user_id"])
    .execute();
  await sql`create index report_supports_user_idx on report_supports (user_id, created_at desc)`.execute(db);

  await db.schema
    .createTable("report_follows")
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("report_follows_pkey", ["report_id", "user_id"])
    .execute();
  await sql`create index report_follows_user_idx on report_follows (user_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_follows").ifExists().execute();
  await db.schema.dropTable("report_supports").ifExists().execute();
  await sql`drop index if exists reports_duplicate_of_idx`.execute(db);
  await sql`drop index if exists reports_title_trgm_idx`.execute(db);
  await sql`drop index if exists reports_earth_idx`.execute(db);
  await sql`alter table reports drop column if exists support_count`.execute(db);
}
