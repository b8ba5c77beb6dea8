/**
 * The fault suite's PostgreSQL: the server named by PG_TEST_URL (or DATABASE_URL), a database of
 * its own per test file, and a restart of that server for the restart fault.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { clusterServing, restartCluster } from "@root/bench/lib/postgres-cluster";
import { createDb, type DB } from "@/server/db/client";

/** The server the suite runs on; the suite cannot run without one. */
export function postgresUrl(): string {
  const url = process.env.PG_TEST_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "The fault suite runs on PostgreSQL: set PG_TEST_URL (or DATABASE_URL) to a server it may create databases on " +
        "and restart, e.g. PG_TEST_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run test:faults",
    );
  }
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface FaultsDatabase {
  name: string;
  url: string;
  /** A Kysely handle on it for the test's own checks (the server has its own pools). */
  db: DB;
  drop(): Promise<void>;
}

/** A new, empty database `civiclens_faults_<random>`; the server's start migrates it. */
export async function createFaultsDatabase(): Promise<FaultsDatabase> {
  const server = postgresUrl();
  const name = `civiclens_faults_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, name);
  const db = createDb({ databaseUrl: url, poolMax: 4, connectionTimeoutMs: 10_000 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy().catch(() => {});
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Restarts the suite's PostgreSQL server as an operator would (`pg_ctlcluster <v> <name> restart`, needs root). */
export async function restartPostgres(url = postgresUrl()): Promise<{ cluster: string }> {
  const cluster = await clusterServing(url);
  await restartCluster(cluster);
  return { cluster: `${cluster.version}/${cluster.name}` };
}
