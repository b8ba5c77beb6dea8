import { type Kysely, sql } from "kysely";

/**
 * Open311 GeoReport v2 (issue 19, ADR 0021). `open311_keys`: the API keys admins issue, by name;
 * only the key's SHA-256 is kept (the key is shown once), with its own rate limit and, once revoked,
 * when and by whom. Each key files as its client's account (`client_user_id`, a users row that can
 * never sign in), so the audit log names the client. `reports.open311_key_id` is the report's
 * channel: null for the web form, else the key it came through. `open311_submissions`: the email,
 * phone, names and media URL a client sent with a request, for the city only, never answered
 * publicly (a URL from outside is not fetched, nor shown as the report's photo).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("open311_keys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("key_prefix", "text", (c) => c.notNull())
    .addColumn("client_user_id", "uuid", (c) => c.notNull().unique().references("users.id"))
    .addColumn("requests_per_hour", "integer", (c) => c.notNull().check(sql`requests_per_hour between 1 and 100000`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("users.id"))
    .execute();
  await db.schema.alterTable("reports").addColumn("open311_key_id", "uuid", (c) => c.references("open311_keys.id")).execute();
  await db.schema
    .createTable("open311_submissions")
    .addColumn("report_id", "uuid", (c) => c.primaryKey().references("reports.id").onDelete("cascade"))
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("first_name", "text")
    .addColumn("last_name", "text")
    .addColumn("media_url", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("open311_submissions").ifExists().execute();
  await db.schema.alterTable("reports").dropColumn("open311_key_id").execute();
  await db.schema.dropTable("open311_keys").ifExists().execute();
}
