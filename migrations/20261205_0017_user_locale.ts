import { type Kysely, sql } from "kysely";

/**
 * The language a citizen chose (issue 16): pages follow it when the browser has no NEXT_LOCALE
 * cookie, and every SMS and email to them is written in it. Null: never chosen, so messages go out
 * in English and pages follow the browser.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column locale text check (locale in ('en', 'hi'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column if exists locale`.execute(db);
}
