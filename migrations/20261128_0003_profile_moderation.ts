import { type Kysely, sql } from "kysely";

// Email verification, notification preferences, dead letters, and what moderation needs.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_verification_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("consumed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("email_tokens_user_idx").on("email_verification_tokens").columns(["user_id", "created_at"]).execute();
  // One account per verified address.
  await sql`create unique index users_verified_email_key on users (lower(email)) where email_verified_at is not null`.execute(db);

  // Per kind of notification: "email" | "sms" | "none" | "auto" (email when verified, else SMS).
  await db.schema
    .alterTable("users")
    .addColumn("notification_prefs", "jsonb", (c) => c.notNull().defaultTo(sql`'{"status_change":"auto"}'::jsonb`))
    .execute();

  await db.schema
    .createTable("dead_letters")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("function_id", "text", (c) => c.notNull())
    .addColumn("run_id", "text", (c) => c.notNull().unique())
    .addColumn("event_id", "text")
    .addColumn("event_name", "text", (c) => c.notNull())
    .addColumn("event_data", "jsonb", (c) => c.notNull())
    .addColumn("error", "text", (c) => c.notNull())
    .addColumn("message_id", "uuid", (c) => c.references("messages.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open','resent','dismissed')`))
    .addColumn("resent_at", "timestamptz")
    .addColumn("resent_by", "uuid", (c) => c.references("users.id"))
    .addColumn("resent_event_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("dead_letters_created_idx").on("dead_letters").columns(["status", "created_at"]).execute();

  await db.schema.alterTable("reports").addColumn("resolution_note", "text").execute();
  await db.schema.createIndex("reports_queue_idx").on("reports").columns(["status", "priority", "created_at"]).execute();
  await db.schema.createIndex("messages_provider_id_idx").on("messages").column("provider_message_id").execute();
  await db.schema.createIndex("task_runs_started_idx").on("task_runs").column("started_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("task_runs_started_idx").ifExists().execute();
  await db.schema.dropIndex("messages_provider_id_idx").ifExists().execute();
  await db.schema.dropIndex("reports_queue_idx").ifExists().execute();
  await db.schema.alterTable("reports").dropColumn("resolution_note").execute();
  await db.schema.dropTable("dead_letters").ifExists().execute();
  await db.schema.alterTable("users").dropColumn("notification_prefs").execute();
  await sql`drop index if exists users_verified_email_key`.execute(db);
  await db.schema.dropTable("email_verification_tokens").ifExists().execute();
}
