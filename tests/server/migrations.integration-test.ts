import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as leanWritePath from "../../migrations/20261129_0005_lean_write_path";
import * as citizenSeverity from "../../migrations/20261129_0007_citizen_severity";
import { useTestDb } from "../support/test-db";

const db = useTestDb();

/** The table's indexes by name, with their definitions. */
async function indexes(table: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename = ${table}`.execute(db());
  return Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
}

async function fillfactor(table: string): Promise<string[] | null> {
  const { rows } = await sql<{ reloptions: string[] | null }>`select reloptions from pg_class where relname = ${table}`.execute(db());
  return rows[0]?.reloptions ?? null;
}

describe("migration 0005 (lean write path)", () => {
  it("leaves partial indexes where most rows are NULL and drops the ones a sequence made redundant", async () => {
    const outbox = await indexes("event_outbox");
    expect(outbox.event_outbox_sent_idx).toMatch(/WHERE \(sent_at IS NOT NULL\)/);
    expect(outbox.event_outbox_seq_key).toBeUndefined();
    expect(outbox.event_outbox_pending_idx).toMatch(/WHERE \(sent_at IS NULL\)/);
    expect((await indexes("report_updates")).report_updates_event_id_key).toMatch(/UNIQUE.*WHERE \(event_id IS NOT NULL\)/);
    expect((await indexes("reports")).reports_number_key).toBeUndefined();
    expect((await indexes("reports")).reports_ref_key).toMatch(/UNIQUE/);
    expect((await indexes("rate_limit_windows")).rate_limit_windows_updated_idx).toBeUndefined();
    expect(await fillfactor("rate_limit_windows")).toEqual(["fillfactor=70"]);
    expect(await fillfactor("event_outbox")).toEqual(["fillfactor=70"]);
  });

  it("rolls back and forward again", async () => {
    await leanWritePath.down(db());
    expect((await indexes("event_outbox")).event_outbox_sent_idx).not.toMatch(/WHERE/);
    expect((await indexes("event_outbox")).event_outbox_seq_key).toMatch(/UNIQUE/);
    expect((await indexes("report_updates")).report_updates_event_id_key).not.toMatch(/WHERE/);
    expect((await indexes("reports")).reports_number_key).toMatch(/UNIQUE/);
    expect((await indexes("rate_limit_windows")).rate_limit_windows_updated_idx).toBeDefined();
    expect(await fillfactor("event_outbox")).toBeNull();

    await leanWritePath.up(db());
    expect((await indexes("report_updates")).report_updates_event_id_key).toMatch(/WHERE \(event_id IS NOT NULL\)/);
    expect((await indexes("reports")).reports_number_key).toBeUndefined();
  });

  it("still refuses a second timeline entry for one event, and allows any number without one", async () => {
    const [user] = await db().insertInto("users").values({ phone: "+919812300001", name: "Migration check" }).returning("id").execute();
    const [report] = await db()
      .insertInto("reports")
      .values({ reporter_id: user!.id, title: "Pothole on the main road", description: "A deep pothole near the bus stop.", severity: "high", citizen_severity: "high", latitude: 12.9, longitude: 77.6 })
      .returning("id")
      .execute();
    const entry = { report_id: report!.id, kind: "note", actor_role: "system" };
    await db().insertInto("report_updates").values([entry, entry]).execute();
    await db().insertInto("report_updates").values({ ...entry, event_id: "evt-unique" }).execute();
    await expect(db().insertInto("report_updates").values({ ...entry, event_id: "evt-unique" }).execute()).rejects.toThrow(/report_updates_event_id_key/);
  });
});

describe("migration 0007 (citizen severity)", () => {
  it("gives existing reports the severity their citizen gave: before the first correction, else their own", async () => {
    const [user] = await db().insertInto("users").values({ phone: "+919812300002", name: "Migration check" }).returning("id").execute();
    const report = (title: string, severity: "low" | "medium" | "high" | "critical") =>
      db()
        .insertInto("reports")
        .values({ reporter_id: user!.id, title, description: "Checking what the citizen gave.", severity, citizen_severity: severity, latitude: 12.9, longitude: 77.6 })
        .returning("id")
        .executeTakeFirstOrThrow();
    const untouched = await report("Never corrected", "medium");
    const corrected = await report("Corrected twice", "critical");
    const recategorized = (from: string, to: string, at: string) => ({
      report_id: corrected.id,
      kind: "category_changed",
      actor_role: "moderator",
      metadata: JSON.stringify({ action: "recategorize", category: { from: null, to: "roads" }, severity: { from, to } }),
      created_at: new Date(at),
    });
    await db()
      .insertInto("report_updates")
      .values([recategorized("low", "high", "2026-11-01T10:00:00Z"), recategorized("high", "critical", "2026-11-02T10:00:00Z")])
      .execute();

    await citizenSeverity.down(db());
    await citizenSeverity.up(db());
    const rows = await db().selectFrom("reports").select(["id", "severity", "citizen_severity"]).where("reporter_id", "=", user!.id).execute();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[untouched.id]).toMatchObject({ severity: "medium", citizen_severity: "medium" });
    expect(byId[corrected.id]).toMatchObject({ severity: "critical", citizen_severity: "low" });
    await expect(sql`update reports set citizen_severity = 'apocalyptic' where id = ${untouched.id}`.execute(db())).rejects.toThrow(/reports_citizen_severity_check/);
  });
});
