import "server-only";
import { sql } from "kysely";
import type { DB, Executor, Tx } from "../db/client";
import { recordAudit } from "./audit";

/** One session signed out: its id is refused until the cookie would have expired anyway. */
export async function revokeSession(db: Executor, s: { sid: string; userId: string; expiresAt: Date }): Promise<void> {
  await db
    .insertInto("revoked_sessions")
    .values({ sid: s.sid, user_id: s.userId, expires_at: s.expiresAt })
    .onConflict((oc) => oc.column("sid").doNothing())
    .execute();
}

/**
 * Ends every session the account has, in the caller's transaction: sessions carry the epoch they
 * were issued under, and a session of an older epoch no longer stands (users.liveSessionUser).
 */
export async function endAllSessions(trx: Tx, userId: string): Promise<void> {
  await trx.updateTable("users").set({ session_epoch: sql`session_epoch + 1`, updated_at: new Date() }).where("id", "=", userId).execute();
}

/** "Sign out everywhere" from the profile: every session of the account ends, audited. */
export async function signOutEverywhere(db: DB, userId: string, client: { ip?: string | null; userAgent?: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endAllSessions(trx, userId);
    await recordAudit(trx, {
      action: "user.signed_out_everywhere",
      actorId: userId,
      resourceType: "user",
      resourceId: userId,
      description: "Signed out of every device",
      ip: client.ip,
      userAgent: client.userAgent,
    });
  });
}

/** Signed-out sessions whose cookies have expired need no row to be refused. */
export async function purgeRevokedSessions(db: Executor, now = new Date()): Promise<number> {
  const r = await db.deleteFrom("revoked_sessions").where("expires_at", "<", now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
