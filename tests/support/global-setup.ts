import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateToLatest } from "../../src/server/db/migrate";
import { openPGlite } from "../../src/server/db/pglite";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateDb: string;
  }
}

/**
 * The integration project's global setup (vitest.config.ts): one migrated database per test run,
 * which every test file then starts from a copy of: a PGlite data-dir dump (loading one is much
 * quicker than migrating afresh), or, with DATABASE_URL set, a PostgreSQL template database cloned
 * with CREATE DATABASE ... TEMPLATE. The teardown drops the template or removes its directory.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `civiclens_tpl_${process.pid}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${name}`;
    const tpl = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: tplUrl.toString(), max: 1 }) }) });
    await migrateToLatest(tpl);
    await tpl.destroy();
    project.provide("pgTemplateDb", name);
    project.provide("pgliteTemplate", "");
    return async () => {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    };
  }
  const pglite = openPGlite();
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  await sql`checkpoint`.execute(db);
  const dump = await pglite.dumpDataDir("none");
  const dir = mkdtempSync(join(tmpdir(), "civiclens-tpl-"));
  const file = join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  project.provide("pgliteTemplate", file);
  project.provide("pgTemplateDb", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
