import { type Kysely, sql } from "kysely";

/**
 * reports.similar looks for open reports near a point. With only reports_earth_idx (every report),
 * the box around a busy hotspot held thousands of reports, most of them long resolved, each read
 * and dropped by the status filter (the city bench's figures, before and after, are in
 * bench/RESULTS.md). This index holds open reports only, so the box finds just the candidates. The
 * predicate is the open statuses written out, as similar-reports.ts writes them (literals, so a prepared plan can use it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index reports_open_earth_idx on reports using gist (ll_to_earth(latitude, longitude)) where status in ('submitted', 'under_review', 'acknowledged', 'in_progress')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reports_open_earth_idx`.execute(db);
}
