import { sql, type Kysely } from "kysely";

/**
 * A report's ref pads its number to six digits. `lpad` also truncates a longer number to six, so
 * report 1,000,000 got CL-<year>-100000, which report 100,000 already holds: the unique key refused
 * it and every report after it up to 1,099,999. The ref now pads to six digits and never cuts, so
 * refs stay unique and read the same up to 999,999. PostgreSQL 15 cannot change a generated
 * column's expression in place, so the column is made again (its unique key with it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reports drop column ref`.execute(db);
  await sql`alter table reports add column ref text generated always as ('CL-' || year::text || '-' || lpad(number::text, greatest(6, length(number::text)), '0')) stored not null`.execute(db);
  await sql`alter table reports add constraint reports_ref_key unique (ref)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reports drop column ref`.execute(db);
  await sql`alter table reports add column ref text generated always as ('CL-' || year::text || '-' || lpad(number::text, 6, '0')) stored not null`.execute(db);
  await sql`alter table reports add constraint reports_ref_key unique (ref)`.execute(db);
}
