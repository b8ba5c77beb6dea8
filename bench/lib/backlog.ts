/**
 * How far background work lags behind the requests, sampled once a second during a run:
 * - the outbox: events written and not yet sent to Inngest (`event_outbox` rows with no sent_at);
 * - reports whose `report/created` work is not all done: not triaged (`triaged_at`), no audit row
 *   under the event's id, or no +5 in the reputation ledger. This is the whole path, outbox to
 *   effect, seen from the database;
 * - the Inngest stand-in's runs in flight (started, not finished), and how many of them wait for a
 *   concurrency slot, when it is up.
 * Ages are measured on the database's clock (now() - created_at).
 */
import pg from "pg";
import type { StandinProcess } from "./inngest-standin-process";

export interface BacklogSample {
  /** Seconds since sampling started. */
  t: number;
  outboxPending: number;
  outboxOldestS: number | null;
  unprocessedReports: number;
  unprocessedOldestS: number | null;
  standinRunning: number | null;
  standinOldestRunS: number | null;
  /** Runs whose next call to the app waits for its function's concurrency slot (runs in flight less calls in flight). */
  standinWaitingRuns: number | null;
}

// Only reports at or after a watermark are looked at: an effect, once written, stays written, so
// everything older than the oldest unprocessed report was done at the last sample. The watermark
// trails by a margin for reports whose transaction began before it and committed after.
const WATERMARK_MARGIN = "10 seconds";
const SAMPLE = `
  with pending as (
    select count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest
    from event_outbox where sent_at is null
  ), unprocessed as (
    select count(*)::int as n, min(o.created_at) as oldest_at
    from event_outbox o
    join reports r on r.id = (o.data->>'reportId')::uuid
    where o.name = 'report/created' and o.created_at >= $1
      and (r.triaged_at is null
        or not exists (select 1 from audit_log a where a.event_id = o.id::text)
        or not exists (select 1 from reputation_ledger l where l.user_id = r.reporter_id and l.reason = 'report_filed' and l.source_id = r.id::text))
  )
  select pending.n as pending, pending.oldest as pending_oldest, unprocessed.n as unprocessed,
         extract(epoch from now() - unprocessed.oldest_at)::float8 as unprocessed_oldest,
         coalesce(unprocessed.oldest_at, now()) - interval '${WATERMARK_MARGIN}' as watermark
  from pending, unprocessed`;

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export interface BacklogSampler {
  /** performance.now() when sampling started: samples' `t` counts from here. */
  origin: number;
  samples: BacklogSample[];
  /** The latest sample, taken now. */
  sampleNow(): Promise<BacklogSample>;
  stop(): Promise<BacklogSample[]>;
}

/** Samples every `everyMs` until stopped; `standin()` is the stand-in now up, or null while it is down. */
export async function sampleBacklog(databaseUrl: string, standin: () => StandinProcess | null, everyMs = 1_000): Promise<BacklogSampler> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A restart of PostgreSQL drops this connection; sampling then pauses until a new one opens.
  let connection: pg.Client | null = client;
  client.on("error", () => (connection = null));
  const started = performance.now();
  const samples: BacklogSample[] = [];
  let watermark: Date = new Date(0);
  let stopped = false;

  const reconnect = async (): Promise<pg.Client | null> => {
    const c = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 1_000 });
    try {
      await c.connect();
      c.on("error", () => (connection = null));
      return c;
    } catch {
      await c.end().catch(() => {});
      return null;
    }
  };

  const take = async (): Promise<BacklogSample | null> => {
    connection ??= await reconnect();
    if (!connection) return null;
    const [row, stats] = await Promise.all([
      connection.query(SAMPLE, [watermark]).then((r) => r.rows[0] as Record<string, unknown>),
      standin()?.stats().catch(() => null) ?? Promise.resolve(null),
    ]).catch(() => [null, null] as const);
    if (!row) return null;
    watermark = row.watermark as Date;
    const sample: BacklogSample = {
      t: Math.round((performance.now() - started) / 100) / 10,
      outboxPending: row.pending as number,
      outboxOldestS: round1(row.pending_oldest as number | null),
      unprocessedReports: row.unprocessed as number,
      unprocessedOldestS: round1(row.unprocessed_oldest as number | null),
      standinRunning: stats?.running ?? null,
      standinOldestRunS: stats?.oldestRunningSince ? round1((Date.now() - stats.oldestRunningSince) / 1000) : stats ? 0 : null,
      standinWaitingRuns: stats ? stats.running - stats.callsInFlight : null,
    };
    samples.push(sample);
    return sample;
  };

  const loop = (async () => {
    while (!stopped) {
      const next = performance.now() + everyMs;
      await take();
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  })();

  return {
    origin: started,
    samples,
    async sampleNow() {
      for (;;) {
        const s = await take();
        if (s) return s;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async stop() {
      stopped = true;
      await loop;
      await (connection as pg.Client | null)?.end().catch(() => {});
      return samples;
    },
  };
}

/** The largest value of each measure over the samples (null where none was taken). */
export function backlogMaxima(samples: BacklogSample[]) {
  const max = (pick: (s: BacklogSample) => number | null) => samples.reduce<number | null>((m, s) => (pick(s) === null ? m : Math.max(m ?? 0, pick(s)!)), null);
  return {
    samples: samples.length,
    outboxPendingMax: max((s) => s.outboxPending),
    outboxOldestMaxS: max((s) => s.outboxOldestS),
    unprocessedReportsMax: max((s) => s.unprocessedReports),
    unprocessedOldestMaxS: max((s) => s.unprocessedOldestS),
    standinRunningMax: max((s) => s.standinRunning),
    standinOldestRunMaxS: max((s) => s.standinOldestRunS),
    standinWaitingRunsMax: max((s) => s.standinWaitingRuns),
  };
}
