import { type Kysely, sql } from "kysely";

// A message is claimed ('sending') by the one run that sends it, so an event delivered twice, or a
// step retried after its answer was lost, cannot send the same SMS or email twice. updated_at is the
// claim's time: a claim left by a run that died is taken over once it is old (messages.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages drop constraint messages_status_check`.execute(db);
  await sql`alter table messages add constraint messages_status_check check (status in ('queued','sending','sent','delivered','bounced','complained','failed'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update messages set status = 'queued' where status = 'sending'`.execute(db);
  await sql`alter table messages drop constraint messages_status_check`.execute(db);
  await sql`alter table messages add constraint messages_status_check check (status in ('queued','sent','delivered','bounced','complained','failed'))`.execute(db);
}
