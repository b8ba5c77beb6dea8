import { type Kysely, sql } from "kysely";

// Sessions are JWT cookies; these make them revocable without a session table on the hot path.
// users.session_epoch: every session carries the epoch it was issued under; "sign out everywhere",
// a role change and a suspension move it on, ending every session issued before.
// revoked_sessions: one signed-out session (its id from the cookie), kept until it would have
// expired anyway, so the cleanup can drop it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column session_epoch integer not null default 0`.execute(db);
  await sql`
    create table revoked_sessions (
      sid text primary key,
      user_id uuid not null references users(id) on delete cascade,
      expires_at timestamptz not null,
      revoked_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index revoked_sessions_expires_at on revoked_sessions (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table revoked_sessions`.execute(db);
  await sql`alter table users drop column session_epoch`.execute(db);
}
