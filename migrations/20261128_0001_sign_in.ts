import { type Kysely, sql } from "kysely";

// The sign-in slice: users, one-time codes, rate-limit hits, audit, the event outbox,
// messages (SMS/email log and dev mailbox), task runs and processed-event markers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("phone", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("role", "text", (c) => c.notNull().defaultTo("citizen").check(sql`role in ('citizen','moderator','admin')`))
    .addColumn("reputation", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("login_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_login_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active").check(sql`status in ('active','suspended')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("otp_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consumed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("otp_codes_phone_created_idx").on("otp_codes").columns(["phone", "created_at"]).execute();
  await db.schema.createIndex("otp_codes_expires_idx").on("otp_codes").column("expires_at").execute();

  // A sliding-window log: one row per counted request; old rows are removed by cleanup-expired.
  await db.schema
    .createTable("rate_limit_hits")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_hits_key_created_idx").on("rate_limit_hits").columns(["key", "created_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("event_id", "text", (c) => c.unique())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("success").check(sql`status in ('success','failure')`))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("resource_type", "text")
    .addColumn("resource_id", "text")
    .addColumn("description", "text")
    .addColumn("metadata", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("audit_log_created_idx").on("audit_log").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("audit_log_action_idx").on("audit_log").columns(["action", "created_at"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "created_at"]).execute();

  await db.schema
    .createTable("event_outbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Insertion order, also within one transaction (created_at is the transaction's start time).
    .addColumn("seq", "bigserial", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("last_attempt_at", "timestamptz")
    // A relay claims rows by pushing this into the future; a crashed relay's claim simply expires.
    .addColumn("locked_until", "timestamptz")
    .execute();
  await sql`create index event_outbox_pending_idx on event_outbox (seq) where sent_at is null`.execute(db);
  await db.schema.createIndex("event_outbox_sent_idx").on("event_outbox").column("sent_at").execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('sms','email')`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("html", "text")
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("provider_message_id", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("queued").check(sql`status in ('queued','sent','delivered','bounced','complained','failed')`),
    )
    .addColumn("error", "text")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("messages_event_channel_key", ["event_id", "channel"])
    .execute();
  await db.schema.createIndex("messages_created_idx").on("messages").column("created_at").execute();

  await db.schema
    .createTable("task_runs")
    .addColumn("run_id", "text", (c) => c.primaryKey())
    .addColumn("function_id", "text", (c) => c.notNull())
    .addColumn("event_id", "text")
    .addColumn("event_name", "text")
    .addColumn("subject_id", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running','retrying','completed','failed')`))
    .addColumn("attempt", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("duration_ms", "integer")
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("task_runs_function_started_idx").on("task_runs").columns(["function_id", "started_at"]).execute();
  await db.schema.createIndex("task_runs_subject_idx").on("task_runs").column("subject_id").execute();

  // "This handler already applied this event": how counters stay exact under duplicate delivery.
  await db.schema
    .createTable("processed_events")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("handler", "text", (c) => c.notNull())
    .addColumn("processed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("processed_events_pkey", ["event_id", "handler"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["processed_events", "task_runs", "messages", "event_outbox", "audit_log", "rate_limit_hits", "otp_codes", "users"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
