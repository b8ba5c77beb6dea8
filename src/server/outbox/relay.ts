import type { Executor } from "../db/client";
import { claimPendingEvents, markEventsFailed, markEventsSent } from "./queries";

export type SendEvents = (events: { id: string; name: string; data: Record<string, unknown>; ts: number }[]) => Promise<unknown>;

export interface RelayResult {
  sent: number;
  failed: number;
  error: string | null;
  /** The pass stopped at its batch limit with its last batch full: rows may still be pending. */
  more: boolean;
}

/**
 * Sends pending outbox rows to Inngest in batches, with the row id as the event id so that a row
 * sent twice (a crash after sending, before marking) is deduplicated by Inngest. On failure the
 * batch stays pending with its error and is retried by the next pass or by `outbox-sweep`.
 * A pass sends at most `maxBatches` batches, so it ends in bounded time (a sweep step); `more`
 * tells its caller to start another.
 */
export async function relayOutbox(db: Executor, send: SendEvents, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<RelayResult> {
  const batchSize = opts.batchSize ?? 100;
  const maxBatches = opts.maxBatches ?? 20;
  const result: RelayResult = { sent: 0, failed: 0, error: null, more: false };
  for (let i = 0; i < maxBatches; i++) {
    const rows = await claimPendingEvents(db, batchSize);
    if (rows.length === 0) break;
    try {
      await send(rows.map((r) => ({ id: r.id, name: r.name, data: r.data, ts: r.created_at.getTime() })));
      await markEventsSent(db, rows.map((r) => r.id));
      result.sent += rows.length;
    } catch (err) {
      const message = describeError(err);
      await markEventsFailed(db, rows, message);
      result.failed += rows.length;
      result.error = message;
      break; // Inngest is not taking events now; the next pass or the sweep tries again.
    }
    if (rows.length < batchSize) break;
    if (i === maxBatches - 1) result.more = true;
  }
  return result;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code || cause?.message ? `${err.message} (${cause.code ?? cause.message})` : err.message;
}
