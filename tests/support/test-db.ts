import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, pgliteDb, setDb, type DB } from "@/server/db/client";
import { openPGlite } from "@/server/db/pglite";

/** A fresh, migrated database of this test file's own, installed as the app's database. */
export async function createTestDb(): Promise<{ db: DB; url?: string; drop: () => Promise<void> }> {
  const template = inject("pgTemplateDb");
  const pgliteTemplate = inject("pgliteTemplate");
  // Only the integration project builds a template; a unit test that reaches for a database is misfiled.
  if (!template && !pgliteTemplate) {
    throw new Error("no database template in this project: a test that touches the database is an integration test; name its file *.integration-test.ts");
  }
  const baseUrl = process.env.DATABASE_URL;
  if (template && baseUrl) {
    const name = `civiclens_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    // The app's own pool setup (prepared statements included), so the suite runs through it.
    const db = createDb({ databaseUrl: url.toString(), poolMax: 10 });
    return {
      db,
      url: url.toString(),
      drop: async () => {
        await db.destroy();
        const c = new pg.Client({ connectionString: baseUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dump = readFileSync(pgliteTemplate);
  const pglite = openPGlite(undefined, { loadDataDir: new Blob([dump]) });
  const db = pgliteDb(pglite);
  return { db, drop: () => db.destroy() };
}

/** Registers a per-file database for the tests in this file; returns a getter for it. */
export function useTestDb(): () => DB {
  let handle: Awaited<ReturnType<typeof createTestDb>> | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    setDb(handle.db);
  });
  afterAll(async () => {
    setDb(undefined);
    await handle?.drop();
  });
  return () => {
    if (!handle) throw new Error("useTestDb(): the database is created in beforeAll");
    return handle.db;
  };
}

/** Empties every table between tests that need a clean slate (the migrations table stays). */
export async function truncateAll(db: DB) {
  await sql`truncate report_supports, report_follows, dead_letters, email_verification_tokens, reputation_ledger, report_updates, reports, users, otp_codes, rate_limit_windows, audit_log, audit_chain_head, audit_chain_checks, event_outbox, messages, task_runs, processed_events cascade`.execute(db);
}
