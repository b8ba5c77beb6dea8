import { type Kysely, sql } from "kysely";

// A tamper-evident audit log (ADR 0011). Each row gets its place in one chain (seq, gap-free) and
// hash = sha256(prev_hash || canonical text of the row), where prev_hash is the row before's hash.
// The chain is computed by a BEFORE INSERT trigger, so every insert is chained, whoever makes it,
// and the hash is over the values as stored. The chain's head (last seq and hash) lives in a one-row
// table locked FOR UPDATE by the trigger: concurrent writers queue for it until their transaction
// ends, so two can never take the same place. A second trigger refuses UPDATE and DELETE.
//
// The canonical text is PostgreSQL's jsonb text of the row's content (keys in jsonb's fixed order,
// created_at in UTC with microseconds). The verifier (src/server/domain/audit-chain.ts) builds the
// same text with its own expression and hashes it with node:crypto; both must stay as they are here,
// or rows chained before a change no longer verify.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column seq bigint, add column prev_hash text, add column hash text`.execute(db);

  await sql`
    create function audit_log_canonical(a audit_log) returns text language sql stable as $$
      select jsonb_build_object(
        'seq', a.seq, 'id', a.id, 'event_id', a.event_id, 'action', a.action, 'status', a.status,
        'actor_id', a.actor_id, 'resource_type', a.resource_type, 'resource_id', a.resource_id,
        'description', a.description, 'metadata', a.metadata, 'ip', a.ip, 'user_agent', a.user_agent,
        'created_at', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
    $$`.execute(db);

  await sql`
    create table audit_chain_head (
      id boolean primary key default true check (id),
      seq bigint not null,
      hash text not null
    )`.execute(db);

  // Rows written before the chain existed are chained in the order they were written.
  await sql`
    do $$
    declare
      r audit_log;
      n bigint := 0;
      prev text := repeat('0', 64);
    begin
      for r in select * from audit_log order by created_at, id loop
        n := n + 1;
        r.seq := n;
        r.prev_hash := prev;
        r.hash := encode(sha256(convert_to(prev || audit_log_canonical(r), 'UTF8')), 'hex');
        update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
        prev := r.hash;
      end loop;
      insert into audit_chain_head (seq, hash) values (n, prev);
    end $$`.execute(db);

  await sql`alter table audit_log alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`.execute(db);
  await sql`alter table audit_log add constraint audit_log_seq_key unique (seq)`.execute(db);

  // A duplicate event id is skipped here, before it takes a place: a BEFORE trigger runs ahead of
  // ON CONFLICT's check, so leaving the skip to ON CONFLICT would advance the head for a row never
  // written. Checked after the head is locked, so a concurrent duplicate has committed by then.
  // A missing head row (a TRUNCATE of audit_chain_head, as the tests' clean slate does) starts anew.
  await sql`
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare
      head audit_chain_head;
    begin
      select * into head from audit_chain_head for update;
      if not found then
        insert into audit_chain_head (seq, hash) values (0, repeat('0', 64)) on conflict do nothing;
        select * into head from audit_chain_head for update;
      end if;
      if new.event_id is not null and exists (select 1 from audit_log where event_id = new.event_id) then
        return null;
      end if;
      new.seq := head.seq + 1;
      new.prev_hash := head.hash;
      new.hash := encode(sha256(convert_to(new.prev_hash || audit_log_canonical(new), 'UTF8')), 'hex');
      update audit_chain_head set seq = new.seq, hash = new.hash;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain()`.execute(db);

  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change()`.execute(db);

  // The last full verifications (by the audit page's button or `npm run audit:verify`): the page
  // shows the latest instead of walking the whole log on every view.
  await db.schema
    .createTable("audit_chain_checks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("checked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("checked_by", "uuid", (c) => c.references("users.id"))
    .addColumn("ok", "boolean", (c) => c.notNull())
    .addColumn("rows", "bigint", (c) => c.notNull())
    .addColumn("head_seq", "bigint", (c) => c.notNull())
    .addColumn("head_hash", "text", (c) => c.notNull())
    .addColumn("broken_seq", "bigint")
    .addColumn("broken_id", "uuid")
    .addColumn("reason", "text")
    .addColumn("detail", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_chain_checks_checked_idx").on("audit_chain_checks").column("checked_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_chain_checks").execute();
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`drop trigger audit_log_chain on audit_log`.execute(db);
  await sql`drop function audit_log_refuse_change()`.execute(db);
  await sql`drop function audit_log_chain()`.execute(db);
  await sql`drop table audit_chain_head`.execute(db);
  await sql`drop function audit_log_canonical(audit_log)`.execute(db);
  await sql`alter table audit_log drop column seq, drop column prev_hash, drop column hash`.execute(db);
}
