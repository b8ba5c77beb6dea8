import { type Kysely, sql } from "kysely";

/**
 * What following and support milestones need beyond migration 0012.
 * - `reports.reporter_unfollowed`: a reporter follows their own report without a report_follows row
 *   (so filing writes nothing more); unfollowing it sets this, following again clears it.
 * - `reports.support_milestone_notified`: the highest support milestone the reporter was told of,
 *   so a burst of supports, a redelivered event or a second run tells them once per milestone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reports add column reporter_unfollowed boolean not null default false`.execute(db);
  await sql`alter table reports add column support_milestone_notified integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reports drop column if exists support_milestone_notified`.execute(db);
  await sql`alter table reports drop column if exists reporter_unfollowed`.execute(db);
}
