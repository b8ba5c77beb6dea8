import { type Kysely, sql } from "kysely";

/**
 * Photos on updates (issue 20; ADR 0023). An update's photos are report photos like any other
 * (migration 0020: the same upload, quarantine, processing and hiding), linked to the update that
 * carries them by `post_id`; a report's own photos have none. Hiding an update hides its photos
 * (domain/updates/hide-update.ts), and they go with it if it is ever deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("report_photos")
    .addColumn("post_id", "uuid", (c) => c.references("report_posts.id").onDelete("cascade"))
    .execute();
  await sql`create index report_photos_post_idx on report_photos (post_id, created_at) where post_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists report_photos_post_idx`.execute(db);
  await db.schema.alterTable("report_photos").dropColumn("post_id").execute();
}
