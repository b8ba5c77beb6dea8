import { type Kysely, sql } from "kysely";

/**
 * Photos on reports (issue 17). One row per uploaded photo: the upload writes it as `processing`
 * with the original's key (in the store's private quarantine); `process-photo` writes the display
 * and thumbnail keys, size and hash, marks it `ready` and clears the original's key once that object
 * is gone; a file that is not a photo ends `failed` with the reason its uploader is shown; a
 * moderator's hide sets `hidden` with the reason and who. Keys are random (never derived from the
 * report), so a URL tells nothing and cannot be guessed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("report_photos")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("report_id", "uuid", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("uploader_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("processing").check(sql`status in ('processing', 'ready', 'failed', 'hidden')`))
    .addColumn("original_key", "text")
    .addColumn("display_key", "text")
    .addColumn("thumb_key", "text")
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("failure_reason", "text")
    .addColumn("hidden_reason", "text")
    .addColumn("hidden_by", "uuid", (c) => c.references("users.id"))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index report_photos_report_idx on report_photos (report_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_photos").ifExists().execute();
}
