import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Kysely, PGliteDialect, sql, type RawBuilder } from "kysely";
import { openPGlite } from "@/server/db/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import * as auditChainMigration from "../../migrations/20261205_0009_audit_chain";
import type { DB } from "@/server/db/client";
import type { Database } from "@/server/db/schema";
import { recordAudit } from "@/server/domain/audit";
import { chainHash, GENESIS_HASH, verifyAuditChain } from "@/server/domain/audit-chain";
import { checkAuditChain, getAuditChainState } from "@/server/domain/audit-chain-checks";
import { callerFor, trpcFailure } from "../support/caller";
import { createUser } from "../support/factories";
import { createTestDb, truncateAll } from "../support/test-db";

let handle: Awaited<ReturnType<typeof createTestDb>>;
const db = (): DB => handle.db;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.drop());
beforeEach(async () => truncateAll(db()));

/** Writes `n` audit rows, one per statement, and returns the ids of all rows in chain order. */
async function writeRows(n: number, on: DB = db()): Promise<string[]> {
  for (let i = 1; i <= n; i++) {
    await recordAudit(on, { action: "test.row", resourceType: "test", resourceId: `r${i}`, description: `Row ${i}`, metadata: { i } });
  }
  return (await on.selectFrom("audit_log").select("id").orderBy("seq").execute()).map((r) => r.id);
}

/** What someone with the table owner's rights can do: switch a trigger off for one statement. */
async function tamper(statement: RawBuilder<unknown>, trigger = "audit_log_append_only", on: DB = db()) {
  await on
    .transaction()
    .execute(async (trx) => {
      await sql`alter table audit_log disable trigger ${sql.id(trigger)}`.execute(trx);
      await statement.execute(trx);
      await sql`alter table audit_log enable trigger ${sql.id(trigger)}`.execute(trx);
    });
}

const rowsInOrder = () => db().selectFrom("audit_log").select(["seq", "id", "prev_hash", "hash", "event_id"]).orderBy("seq").execute();

describe("the audit chain", () => {
  it("chains every kind of write, and the chain verifies", async () => {
    const mod = await createUser(db(), { role: "moderator" });
    await recordAudit(db(), { action: "report.created", actorId: mod.id, eventId: "evt-1", metadata: { ref: "CL-1", n: 1.1, big: 12345678901234567890, nested: { b: [1, "x"], a: null } } });
    await db()
      .transaction()
      .execute(async (trx) => {
        await recordAudit(trx, { action: "report.acknowledge", actorId: mod.id, description: "Naïve café ✓ — \u2028 \"quoted\"", ip: "203.0.113.5", userAgent: `${"x".repeat(499)}😀` });
        await recordAudit(trx, { action: "user.role_changed", status: "failure", metadata: {} });
      });
    // A rolled-back transaction takes no place in the chain.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, { action: "rolled.back" });
          throw new Error("abort");
        }),
    ).rejects.toThrow("abort");
    // Inserted around recordAudit, with a made-up place: the trigger chains it all the same.
    await db().insertInto("audit_log").values({ action: "direct.insert", created_at: new Date(Date.now() - 86_400_000), metadata: JSON.stringify({ k: "v" }) }).execute();

    const rows = await rowsInOrder();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(rows[i]!.hash));
    expect(await verifyAuditChain(db())).toEqual({ ok: true, rows: 4, headSeq: 4, headHash: rows[3]!.hash });
    // Small batches walk the same chain.
    expect(await verifyAuditChain(db(), { batch: 1 })).toMatchObject({ ok: true, rows: 4 });
    expect(await verifyAuditChain(db(), { from: 3, batch: 2 })).toMatchObject({ ok: true, rows: 2, headSeq: 4 });
  });

  it("hashes the previous hash and the row's canonical text with SHA-256", async () => {
    await writeRows(2);
    const { rows } = await sql<{ seq: number; prev_hash: string; hash: string; canonical: string }>`
      select seq, prev_hash, hash, audit_log_canonical(a) as canonical from audit_log a order by seq`.execute(db());
    for (const r of rows) expect(chainHash(r.prev_hash, r.canonical)).toBe(r.hash);
    expect(JSON.parse(rows[0]!.canonical)).toMatchObject({ seq: 1, action: "test.row", description: "Row 1", metadata: { i: 1 } });
    expect(JSON.parse(rows[0]!.canonical).created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("refuses UPDATE and DELETE from the app's connection", async () => {
    const [id] = await writeRows(2);
    await expect(db().updateTable("audit_log").set({ description: "rewritten" }).where("id", "=", id!).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db().deleteFrom("audit_log").where("id", "=", id!).execute()).rejects.toThrow(/append-only: DELETE refused/);
    expect(await db().selectFrom("audit_log").select("description").where("id", "=", id!).executeTakeFirst()).toEqual({ description: "Row 1" });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 2 });
  });

  it("skips a duplicate event id without taking a place, also when the duplicates race", async () => {
    await writeRows(1);
    expect(await recordAudit(db(), { action: "report.created", eventId: "evt-dup" })).toBe(true);
    expect(await recordAudit(db(), { action: "report.created", eventId: "evt-dup" })).toBe(false);
    const racing = await Promise.all(Array.from({ length: 6 }, () => recordAudit(db(), { action: "report.created", eventId: "evt-race" })));
    expect(racing.filter(Boolean)).toHaveLength(1);
    await writeRows(1);

    const rows = await rowsInOrder();
    expect(rows.map((r) => [r.seq, r.event_id])).toEqual([
      [1, null],
      [2, "evt-dup"],
      [3, "evt-race"],
      [4, null],
    ]);
    expect(await db().selectFrom("audit_chain_head").select("seq").executeTakeFirst()).toEqual({ seq: 4 });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 4 });
  });

  it("stays one unbroken chain under 20 concurrent writing transactions", async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(db())));
    await Promise.all(
      users.map((u, i) =>
        db()
          .transaction()
          .execute(async (trx) => {
            // Other work first, as a moderation or sign-in does, so the transactions overlap.
            await trx.updateTable("users").set({ login_count: sql`login_count + 1` }).where("id", "=", u.id).execute();
            await sql`select pg_sleep(0.01)`.execute(trx);
            await recordAudit(trx, { action: "auth.login.succeeded", actorId: u.id, eventId: i % 5 === 0 ? "evt-shared" : null });
            await recordAudit(trx, { action: "test.second", actorId: u.id });
          }),
      ),
    );
    // Four transactions share one event id: one of their first rows is written.
    const rows = await rowsInOrder();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 17 + 20 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.event_id === "evt-shared")).toHaveLength(1);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 37, headSeq: 37 });
  });
});

describe("verifyAuditChain names the first broken link", () => {
  it("an edited row: hash mismatch", async () => {
    const ids = await writeRows(5);
    await tamper(sql`update audit_log set description = 'Nothing happened here' where seq = 3`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, seq: 3, id: ids[2], reason: "hash mismatch", rows: 2 });
  });

  it("an edited metadata value: hash mismatch", async () => {
    const ids = await writeRows(3);
    await tamper(sql`update audit_log set metadata = '{"i": 20}' where seq = 2`);
    expect(await verifyAuditChain(db(), { batch: 2 })).toMatchObject({ ok: false, seq: 2, id: ids[1], reason: "hash mismatch" });
  });

  it("an edited row whose hash was recomputed: broken link at the next row", async () => {
    const ids = await writeRows(5);
    await tamper(sql`update audit_log set description = 'Nothing happened here' where seq = 3`);
    await tamper(sql`update audit_log a set hash = encode(sha256(convert_to(a.prev_hash || audit_log_canonical(a), 'UTF8')), 'hex') where seq = 3`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, seq: 4, id: ids[3], reason: "broken link" });
  });

  it("a deleted row: gap in sequence", async () => {
    const ids = await writeRows(5);
    await tamper(sql`delete from audit_log where seq = 3`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, seq: 4, id: ids[3], reason: "gap in sequence", detail: "expected seq 3, found 4" });
  });

  it("deleted rows at the end: missing rows", async () => {
    await writeRows(5);
    await tamper(sql`delete from audit_log where seq >= 4`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, seq: 4, id: null, reason: "missing rows", rows: 3 });
  });

  it("a row inserted around the chain trigger: row beyond the head", async () => {
    await writeRows(2);
    await tamper(sql`insert into audit_log (action, seq, prev_hash, hash) values ('forged', 3, 'x', 'y')`, "audit_log_chain");
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, seq: 3, reason: "row beyond the head" });
  });

  it("a chain rewritten from an edited row on: caught by the head a previous check recorded", async () => {
    await writeRows(5);
    const before = await checkAuditChain(db(), null);
    expect(before.result).toMatchObject({ ok: true, headSeq: 5 });
    await tamper(sql`
      do $$
      declare r audit_log; prev text;
      begin
        update audit_log set description = 'Nothing happened here' where seq = 2;
        select hash into prev from audit_log where seq = 1;
        for r in select * from audit_log where seq >= 2 order by seq loop
          r.prev_hash := prev;
          r.hash := encode(sha256(convert_to(prev || audit_log_canonical(r), 'UTF8')), 'hex');
          update audit_log set prev_hash = r.prev_hash, hash = r.hash where id = r.id;
          prev := r.hash;
        end loop;
        update audit_chain_head set hash = prev;
      end $$`);
    // Consistent in itself now; only a head recorded before the rewrite tells.
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 5 });
    expect((await checkAuditChain(db(), null)).result).toMatchObject({ ok: false, seq: 5, reason: "anchor mismatch" });
    expect(await verifyAuditChain(db(), { anchor: { seq: 5, hash: before.result.headHash } })).toMatchObject({ ok: false, seq: 5, reason: "anchor mismatch" });
  });
});

describe("migration 0009", () => {
  it("chains the rows written before it in (created_at, id) order, and the chain goes on from them", async () => {
    await auditChainMigration.down(db());
    const at = (s: string) => new Date(`2026-11-30T10:00:${s}Z`);
    const old = db() as unknown as Kysely<any>;
    await old.insertInto("audit_log").values([
      { id: "00000000-0000-4000-8000-000000000002", action: "second", created_at: at("05.123456") },
      { id: "00000000-0000-4000-8000-000000000001", action: "first", created_at: at("01") },
      { id: "00000000-0000-4000-8000-000000000003", action: "third", created_at: at("05.123456"), metadata: '{"k": [1, 2]}' },
    ]).execute();
    await auditChainMigration.up(db());

    expect((await db().selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute()).map((r) => r.action)).toEqual(["first", "second", "third"]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 3, headSeq: 3 });
    await writeRows(1);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rows: 4, headSeq: 4 });
  });
});

describe("admin.auditChain and admin.verifyAuditChain", () => {
  it("show the last check without walking the log, and re-run it on request", async () => {
    const mod = await createUser(db(), { role: "moderator", name: "Mira Moderator" });
    const ids = await writeRows(3);
    const caller = callerFor(db(), { ...mod, role: "moderator" }).admin;

    const unchecked = await caller.auditChain();
    expect(unchecked).toMatchObject({ head: { seq: 3 }, lastCheck: null });

    const checked = await caller.verifyAuditChain();
    expect(checked.lastCheck).toMatchObject({ checkedBy: { id: mod.id, name: "Mira Moderator" }, result: { ok: true, rows: 3, headSeq: 3 } });
    await writeRows(1);
    // The page reads the stored check and the head as it is now.
    expect(await caller.auditChain()).toMatchObject({ head: { seq: 4 }, lastCheck: { result: { ok: true, headSeq: 3 } } });

    await tamper(sql`update audit_log set action = 'test.quiet' where seq = 2`);
    const broken = await caller.verifyAuditChain();
    expect(broken.lastCheck.result).toMatchObject({ ok: false, seq: 2, id: ids[1], reason: "hash mismatch" });
    expect((await caller.auditChain()).lastCheck).toMatchObject({ result: { ok: false, seq: 2, id: ids[1], reason: "hash mismatch" } });

    // Each check walks the whole log: a fourth within the minute is refused.
    await caller.verifyAuditChain();
    const limited = await trpcFailure(caller.verifyAuditChain());
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("npm run audit:verify", () => {
  const run = promisify(execFile);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /**
   * Where the script can reach this test's data: the PostgreSQL database itself, or, on PGlite, a
   * file-backed copy of the migrated template (a second process cannot open an in-memory database).
   * `use` opens it for the test and closes it again, since two processes must not open one directory.
   */
  function scriptTarget(): { env: Record<string, string>; use: <T>(fn: (database: DB) => Promise<T>) => Promise<T> } {
    if (handle.url) return { env: { DATABASE_URL: handle.url }, use: (fn) => fn(db()) };
    const dir = mkdtempSync(join(tmpdir(), "civiclens-audit-"));
    dirs.push(dir);
    let first = true;
    return {
      env: { PGLITE_DIR: dir },
      use: async (fn) => {
        const template = first ? { loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) } : {};
        first = false;
        const database = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: openPGlite(dir, template) }) });
        try {
          return await fn(database);
        } finally {
          await database.destroy();
        }
      },
    };
  }

  async function script(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    try {
      const { stdout, stderr } = await run(join(process.cwd(), "node_modules/.bin/tsx"), ["scripts/audit-verify.ts"], { env: { ...inherited, ...env }, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("exits 0 on an intact chain and 1 naming the first broken link", async () => {
    const target = scriptTarget();
    const ids = await target.use((database) => writeRows(4, database));
    const intact = await script(target.env);
    expect(intact.stdout).toMatch(/Audit chain intact: 4 row\(s\) verified/);
    expect(intact.stdout).toMatch(/Head: seq 4, hash [0-9a-f]{64}/);
    expect(intact.code).toBe(0);

    await target.use((database) => tamper(sql`update audit_log set description = 'Nothing happened here' where seq = 3`, "audit_log_append_only", database));
    const broken = await script(target.env);
    expect(broken.stderr).toContain(`Audit chain broken at seq 3, row ${ids[2]}: hash mismatch`);
    expect(broken.code).toBe(1);
    const stored = await target.use((database) => getAuditChainState(database));
    expect(stored.lastCheck).toMatchObject({ checkedBy: null, result: { ok: false, seq: 3, reason: "hash mismatch" } });
  }, 120_000);
});
