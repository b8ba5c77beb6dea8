import "server-only";
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { env } from "../config/env";
import { logger } from "../logging/logger";
import { openPGlite } from "./pglite";
import { preparingPool } from "./prepared";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Query functions take either the database or a transaction the caller opened. */
export type Executor = DB | Tx;

// pg returns int8 (count(*), bigserial) as strings; PGlite returns numbers. Make both numbers:
// every int8 here is a count or a row id far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface DbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  poolMax?: number;
  poolIdleTimeoutMs?: number;
  /** Name frequent queries so PostgreSQL plans them once per connection (prepared.ts). Default true. */
  preparedStatements?: boolean;
  /** How long a query waits for a connection (a free one, or a new one opening) before it fails. Default 5 s. */
  connectionTimeoutMs?: number;
}

/** The pg Pool behind each handle createDb made, for the load figures admission reads (poolLoad). */
const pools = new WeakMap<DB, pg.Pool>();
/** The embedded database behind each PGlite handle, opened on first use (listen.ts listens on it). */
const embedded = new WeakMap<DB, () => PGlite>();

/** A handle on an embedded database; `pglite` is opened when the handle is first used. */
export function pgliteDb(pglite: PGlite | (() => PGlite)): DB {
  let instance: PGlite | undefined = typeof pglite === "function" ? undefined : pglite;
  const open = () => (instance ??= (pglite as () => PGlite)());
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: open }) });
  embedded.set(db, open);
  return db;
}

/** What a handle is connected to: a PostgreSQL server (its URL) or an embedded database. */
export function dbSource(db: DB): { kind: "postgres"; connectionString: string } | { kind: "pglite"; pglite: PGlite } | null {
  const pool = pools.get(db);
  if (pool?.options.connectionString) return { kind: "postgres", connectionString: pool.options.connectionString };
  const open = embedded.get(db);
  return open ? { kind: "pglite", pglite: open() } : null;
}

export function createDb(options: DbOptions): DB {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      // Idle connections stay open by default (0). pg's default closes each after 10 s idle: the
      // connections a burst opened then close together, and the next burst opens them again, each a
      // new PostgreSQL backend with cold caches (fork, SCRAM, catalog lookups). In the bench that
      // churn stalled the whole server (ADR 0008 has the figures). The pool is bounded by `max`.
      idleTimeoutMillis: options.poolIdleTimeoutMs ?? 0,
    });
    // A connection lost (a database restart, a failover) must not crash the process, and the pool
    // replaces it on the next query. pg-pool listens for a client's `error` only while the client
    // is idle; a client checked out (Kysely holds one across a transaction, and between the
    // statements of `connection()`) emits it with nobody listening, which Node turns into an
    // uncaughtException. So every client gets a listener of its own for its whole life; the query
    // it was running, if any, has already failed with the error, and the pool drops the client
    // when it is released (it is no longer queryable).
    pool.on("connect", (client) => {
      let reported = false;
      client.on("error", (err) => {
        if (!reported) logger.warn({ err }, `[db] connection lost: ${err.message}`);
        reported = true;
      });
    });
    // The pool re-emits an idle client's error, already reported by the listener above.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) }) });
    pools.set(db, pool);
    return db;
  }
  const dir = options.pgliteDir ?? "memory://";
  return pgliteDb(() => openPGlite(dir));
}

/** How busy a handle's pg pool is; null for PGlite, which has one connection and no pool. */
export function poolLoad(db: DB): { max: number; waiting: number } | null {
  const pool = pools.get(db);
  return pool ? { max: pool.options.max, waiting: pool.waitingCount } : null;
}

/**
 * A request waits at most this long for a connection: past it the pool answers "timeout exceeded
 * when trying to connect", which the API maps to 503 (db/errors.ts). Admission control
 * (http/admission.ts) refuses most excess requests before they queue at all; this bounds the rest.
 */
export const REQUEST_CONNECTION_TIMEOUT_MS = 1_000;

// One handle per process, not per route bundle or hot reload: two PGlite instances on one
// directory corrupt it, and several pg Pools multiply connections.
const globalForDb = globalThis as unknown as { civiclensDb?: DB; civiclensBackgroundDb?: DB };

/** The database for the request path: tRPC procedures, pages, auth, health. */
export function db(): DB {
  if (!globalForDb.civiclensDb) {
    const e = env();
    globalForDb.civiclensDb = createDb({
      databaseUrl: e.DATABASE_URL,
      pgliteDir: e.PGLITE_DIR,
      poolMax: e.DATABASE_POOL_MAX,
      poolIdleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
      preparedStatements: e.DATABASE_PREPARED_STATEMENTS,
      connectionTimeoutMs: REQUEST_CONNECTION_TIMEOUT_MS,
    });
  }
  return globalForDb.civiclensDb;
}

/**
 * The database for background work: Inngest functions, their task_runs bookkeeping and the outbox
 * relay. On PostgreSQL it is a pool of its own (DATABASE_BACKGROUND_POOL_MAX connections), so a
 * backlog draining never takes the connections requests need (ADR 0012); its queries may wait
 * longer for a connection, since nobody is waiting on the other side and Inngest retries. PGlite
 * has one connection in one process: there both are the same handle.
 */
export function backgroundDb(): DB {
  if (!globalForDb.civiclensBackgroundDb) {
    const e = env();
    globalForDb.civiclensBackgroundDb = e.DATABASE_URL
      ? createDb({
          databaseUrl: e.DATABASE_URL,
          poolMax: e.DATABASE_BACKGROUND_POOL_MAX,
          poolIdleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
          preparedStatements: e.DATABASE_PREPARED_STATEMENTS,
        })
      : db();
  }
  return globalForDb.civiclensBackgroundDb;
}

/** Tests install their own database (a fresh PGlite or a per-file PostgreSQL database); background work uses it too unless given one. */
export function setDb(instance: DB | undefined, background: DB | undefined = instance) {
  globalForDb.civiclensDb = instance;
  globalForDb.civiclensBackgroundDb = background;
}

/** For a stopping server: closes both handles (once, when they are the same PGlite). */
export async function closeDb(): Promise<void> {
  const handles = new Set([globalForDb.civiclensDb, globalForDb.civiclensBackgroundDb].filter((h): h is DB => h !== undefined));
  setDb(undefined);
  await Promise.all([...handles].map((h) => h.destroy()));
}
