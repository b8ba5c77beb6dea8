import { type Kysely, sql } from "kysely";

/**
 * Routing reports to the bodies responsible for them (issue 20, ADR 0022).
 * - `bodies`: a ward office, the water board, the electricity company… with the categories it handles
 *   and its boundary (a GeoJSON Polygon or MultiPolygon, kept as jsonb). The boundary's bounding box
 *   is kept beside it in plain columns with a btree index: the routing query prefilters on them
 *   (no PostGIS in the embedded database) and the domain tests the few candidates exactly.
 *   Exactly one body is the default (a partial unique index), which takes what no boundary covers.
 * - `reports.body_id`: the body a report was routed to (null until `route-report` has run), with an
 *   index in the queue's order so a queue filtered by body (or limited to a moderator's bodies)
 *   reads one range per body.
 * - `moderator_bodies`: a moderator limited to some bodies' reports; a moderator without rows sees all.
 */
const bucket = sql`(case when status = 'under_review' then 0 else 1 end)`;
const rank = sql`(case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 when 'low' then 3 else 4 end)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bodies")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("is_default", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("categories", sql`text[]`, (c) => c.notNull())
    .addColumn("boundary", "jsonb")
    .addColumn("area_m2", "double precision")
    .addColumn("min_lat", "double precision")
    .addColumn("max_lat", "double precision")
    .addColumn("min_lon", "double precision")
    .addColumn("max_lon", "double precision")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("bodies_categories_present", sql`cardinality(categories) > 0`)
    .addCheckConstraint("bodies_boundary_or_default", sql`is_default or boundary is not null`)
    .execute();
  await sql`create unique index bodies_one_default on bodies ((true)) where is_default`.execute(db);
  await sql`create index bodies_bbox_idx on bodies (min_lat, max_lat, min_lon, max_lon) where boundary is not null`.execute(db);

  await db.schema.alterTable("reports").addColumn("body_id", "uuid", (c) => c.references("bodies.id").onDelete("set null")).execute();
  await sql`create index reports_body_queue_idx on reports (body_id, status, ${bucket}, ${rank}, created_at, id)`.execute(db);

  await db.schema
    .createTable("moderator_bodies")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body_id", "uuid", (c) => c.notNull().references("bodies.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("moderator_bodies_pk", ["user_id", "body_id"])
    .execute();
  await sql`create index moderator_bodies_body_idx on moderator_bodies (body_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("moderator_bodies").ifExists().execute();
  await sql`drop index if exists reports_body_queue_idx`.execute(db);
  await db.schema.alterTable("reports").dropColumn("body_id").execute();
  await db.schema.dropTable("bodies").ifExists().execute();
}
