import { type Kysely, sql } from "kysely";

// Rate limits as one row per key holding the hits still inside its window, replacing one row per
// hit. An upsert on that row checks and records a hit in one statement, race-free without an
// advisory lock (ON CONFLICT locks the row and sees its latest version), so a request can be
// limited and do its work in a single round trip (ADR 0007).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limit_windows")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", sql`timestamptz[]`, (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_windows_updated_idx").on("rate_limit_windows").column("updated_at").execute();
  // Hits logged so far are dropped: at worst a client gets its window back once, at the upgrade.
  await db.schema.dropTable("rate_limit_hits").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limit_windows").execute();
  await db.schema
    .createTable("rate_limit_hits")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_hits_key_created_idx").on("rate_limit_hits").columns(["key", "created_at"]).execute();
}
