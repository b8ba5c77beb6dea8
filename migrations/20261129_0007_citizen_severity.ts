import { type Kysely, sql } from "kysely";

// The severity the citizen gave, kept beside the report's own, which a moderator can correct
// (recategorize), as citizen_category is beside category. A resend of a filing (ADR 0010) is
// compared with what the citizen gave, so a moderator's correction in the meantime is not taken
// for the citizen's edit. Existing reports get the severity before their first correction, from
// that correction's timeline entry, or else the severity they have.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reports add column citizen_severity text`.execute(db);
  await sql`
    update reports set citizen_severity = coalesce(
      (select u.metadata -> 'severity' ->> 'from' from report_updates u
        where u.report_id = reports.id and u.kind = 'category_changed' and u.metadata ? 'severity'
        order by u.created_at, u.id limit 1),
      severity)`.execute(db);
  await sql`alter table reports alter column citizen_severity set not null`.execute(db);
  await sql`alter table reports add constraint reports_citizen_severity_check check (citizen_severity in ('low','medium','high','critical'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reports drop column citizen_severity`.execute(db);
}
