import { type Kysely, sql } from "kysely";

/**
 * Area alerts (ADR 0020).
 * - `alert_subscriptions`: a citizen's circle (a point and a radius up to 5 km), optional categories,
 *   how often (immediate | daily), on which channel (sms | email), and whether status changes count.
 *   The GiST index is on the circle's bounding cube, so "which circles hold this report's point" is
 *   one index scan (`earth_box(...) @> ll_to_earth(report)`), then the exact distance per candidate.
 * - `alert_pending`: what a subscriber has yet to hear of, one row per subscription and alert key
 *   ("created:<reportId>" or "status:<event id>"): the unique key makes a redelivered event add
 *   nothing, and `message_id` is set when a message takes the row, so nothing is told twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table alert_subscriptions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      latitude double precision not null check (latitude between -85 and 85),
      longitude double precision not null check (longitude between -180 and 180),
      radius_meters integer not null check (radius_meters > 0 and radius_meters <= 5000),
      categories text[],
      frequency text not null check (frequency in ('immediate', 'daily')),
      channel text not null check (channel in ('sms', 'email')),
      include_status_changes boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index alert_subscriptions_user_idx on alert_subscriptions (user_id, created_at)`.execute(db);
  await sql`create index alert_subscriptions_area_idx on alert_subscriptions using gist (earth_box(ll_to_earth(latitude, longitude), radius_meters::float8))`.execute(db);
  await sql`
    create table alert_pending (
      id bigserial primary key,
      subscription_id uuid not null references alert_subscriptions(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      report_id uuid not null references reports(id) on delete cascade,
      alert_key text not null,
      kind text not null check (kind in ('created', 'status')),
      status text,
      frequency text not null check (frequency in ('immediate', 'daily')),
      channel text not null check (channel in ('sms', 'email')),
      message_id uuid references messages(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (subscription_id, alert_key)
    )`.execute(db);
  await sql`create index alert_pending_unsent_idx on alert_pending (user_id, frequency, id) where message_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists alert_pending`.execute(db);
  await sql`drop table if exists alert_subscriptions`.execute(db);
}
