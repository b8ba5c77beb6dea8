import { type Kysely, sql } from "kysely";

/**
 * Area alerts made cheaper to match and to page (ADR 0020).
 * - Each circle keeps its centre as an earth point (`center`, `ll_to_earth`, immutable, stored) and
 *   its radius as the straight-line chord through the earth (`reach`, `gc_to_sec`), so the exact test
 *   for a candidate is one `cube_distance(center, point) <= reach` instead of recomputing the centre
 *   and a great-circle distance per row. The GiST index stays on each circle's bounding cube, now
 *   built from the stored centre.
 * - `alert_pending (alert_key, user_id)`: the sender pages through one alert's subscribers.
 * - Area-alert messages still queued, by user: each page first looks for messages a dead run queued
 *   but never sent (messages had no index on user_id).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table alert_subscriptions add column center earth generated always as (ll_to_earth(latitude, longitude)) stored`.execute(db);
  await sql`alter table alert_subscriptions add column reach double precision generated always as (gc_to_sec(radius_meters::float8)) stored`.execute(db);
  await sql`drop index alert_subscriptions_area_idx`.execute(db);
  await sql`create index alert_subscriptions_area_idx on alert_subscriptions using gist (earth_box(center, radius_meters::float8))`.execute(db);
  await sql`create index alert_pending_key_idx on alert_pending (alert_key, user_id)`.execute(db);
  await sql`create index messages_queued_area_alerts_idx on messages (user_id) where kind = 'area_alert' and status = 'queued'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_queued_area_alerts_idx`.execute(db);
  await sql`drop index if exists alert_pending_key_idx`.execute(db);
  await sql`drop index if exists alert_subscriptions_area_idx`.execute(db);
  await sql`alter table alert_subscriptions drop column if exists reach`.execute(db);
  await sql`alter table alert_subscriptions drop column if exists center`.execute(db);
  await sql`create index alert_subscriptions_area_idx on alert_subscriptions using gist (earth_box(ll_to_earth(latitude, longitude), radius_meters::float8))`.execute(db);
}
