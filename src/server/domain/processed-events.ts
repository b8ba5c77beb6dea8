import "server-only";
import type { DB, Tx } from "../db/client";

/**
 * Applies `apply` at most once per (event, handler), in one transaction with the marker, so a
 * redelivered event or a retried step never counts twice. Returns whether it was applied now.
 */
export async function applyOnce(db: DB, eventId: string, handler: string, apply: (trx: Tx) => Promise<void>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .insertInto("processed_events")
      .values({ event_id: eventId, handler })
      .onConflict((oc) => oc.columns(["event_id", "handler"]).doNothing())
      .executeTakeFirst();
    if (Number(marked.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await apply(trx);
    return true;
  });
}
