import "server-only";
import pg from "pg";
import { logger } from "../logging/logger";
import { dbSource, type DB } from "./client";

export interface Listening {
  /** Stops listening and closes the connection it held (PostgreSQL). */
  stop(): Promise<void>;
}

export interface ListenHandlers {
  onPayload(payload: string): void;
  /** The connection was lost and is back: notifications sent meanwhile were missed. */
  onGap?(): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const RECONNECT_MAX_MS = 30_000;

/**
 * LISTEN on `channel` of the database behind `db`, for whichever kind it is: on PostgreSQL a
 * connection of its own (a pooled one would be handed to other queries, and a LISTEN lives as long as
 * its session), reopened with backoff when lost; on PGlite the embedded database's own `listen`.
 */
export async function listen(db: DB, channel: string, handlers: ListenHandlers, opts: { postgresUrl?: string } = {}): Promise<Listening> {
  if (!CHANNEL.test(channel)) throw new RangeError(`not a channel name: ${JSON.stringify(channel)}`);
  const source = dbSource(db);
  if (!source) throw new Error("listen: this database handle was not made by createDb or pgliteDb");
  if (source.kind === "pglite") {
    const unlisten = await source.pglite.listen(channel, handlers.onPayload);
    return { stop: () => unlisten() };
  }
  // `postgresUrl`: the same database reached without a transaction-mode pooler (DATABASE_LISTEN_URL).
  return listenOnPostgres(opts.postgresUrl ?? source.connectionString, channel, handlers);
}

async function listenOnPostgres(connectionString: string, channel: string, handlers: ListenHandlers): Promise<Listening> {
  let stopped = false;
  let current: pg.Client | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const retry = (client: pg.Client, err?: Error) => {
    if (stopped || client !== current) return;
    current = null;
    client.end().catch(() => {});
    if (err) logger.warn({ err }, `[listen] ${channel}: connection lost: ${err.message}`);
    const delay = Math.min(RECONNECT_MAX_MS, 250 * 2 ** Math.min(failures++, 8));
    timer = setTimeout(() => void open(true), delay);
    timer.unref();
  };

  const open = async (reopening: boolean) => {
    if (stopped) return;
    const client = new pg.Client({ connectionString, keepAlive: true });
    current = client;
    client.on("notification", (m) => {
      if (m.channel === channel) handlers.onPayload(m.payload ?? "");
    });
    client.on("error", (err) => retry(client, err));
    client.on("end", () => retry(client));
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
      failures = 0;
      if (reopening) handlers.onGap?.();
    } catch (err) {
      retry(client, err as Error);
    }
  };

  await open(false);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
