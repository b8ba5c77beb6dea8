import { type Kysely, sql } from "kysely";

// A report form's submission key (ADR 0010): the form sends one random key with every attempt to
// file the same report, so an attempt whose answer was lost (a dropped mobile connection) and is
// sent again returns the report already filed instead of filing it twice. Keys are the reporter's
// own: unique per reporter, and absent (NULL, no index entry) for callers that send none.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reports add column submission_key uuid`.execute(db);
  await sql`create unique index reports_submission_key on reports (reporter_id, submission_key) where submission_key is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index reports_submission_key`.execute(db);
  await sql`alter table reports drop column submission_key`.execute(db);
}
