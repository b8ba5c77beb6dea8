import "server-only";
import type { DB } from "../../db/client";

export interface FailedRun {
  functionId: string;
  runId: string;
  error: string;
  /** The event the failed run was started by: what a re-send sends again (under a new id). */
  event: { id: string | null; name: string; data: Record<string, unknown> };
}

/**
 * Keeps a failed run for a person to look at and re-send, and closes the message it was delivering
 * as failed (a queued row would otherwise look like it is still on its way). Idempotent: run_id is
 * unique, and a message already sent, delivered or failed keeps its status.
 */
export async function recordDeadLetter(db: DB, run: FailedRun): Promise<{ id: string; created: boolean; messageId: string | null }> {
  return db.transaction().execute(async (trx) => {
    let messageId: string | null = null;
    if (run.event.id) {
      const message = await trx.selectFrom("messages").select(["id", "status"]).where("event_id", "=", run.event.id).orderBy("created_at").executeTakeFirst();
      if (message) {
        messageId = message.id;
        if (message.status === "queued") {
          await trx.updateTable("messages").set({ status: "failed", error: run.error.slice(0, 1000), updated_at: new Date() }).where("id", "=", message.id).execute();
        }
      }
    }
    const inserted = await trx
      .insertInto("dead_letters")
      .values({
        function_id: run.functionId,
        run_id: run.runId,
        event_id: run.event.id,
        event_name: run.event.name,
        event_data: JSON.stringify(run.event.data),
        error: run.error.slice(0, 4000),
        message_id: messageId,
      })
      .onConflict((oc) => oc.column("run_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true, messageId };
    const existing = await trx.selectFrom("dead_letters").select("id").where("run_id", "=", run.runId).executeTakeFirstOrThrow();
    return { id: existing.id, created: false, messageId };
  });
}
