import "server-only";
import type { Executor } from "../db/client";

export interface AuditEntry {
  action: string;
  status?: "success" | "failure";
  actorId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  description?: string | null;
  metadata?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  /** Set when the row records an Inngest event: makes a redelivered event a no-op. */
  eventId?: string | null;
}

/**
 * Appends one audit row. Returns false when a row for the same event already exists.
 * The database chains the row (migration 0009, ADR 0011): its trigger locks the chain's head row
 * until the caller's transaction ends, so other audit writers wait that long. Make this the
 * transaction's last statement that waits on a lock, or two such transactions can deadlock.
 * A duplicate event id is skipped by the trigger and takes no place in the chain.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<boolean> {
  const result = await db
    .insertInto("audit_log")
    .values({
      action: entry.action,
      status: entry.status ?? "success",
      actor_id: entry.actorId ?? null,
      resource_type: entry.resourceType ?? null,
      resource_id: entry.resourceId ?? null,
      description: entry.description ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
      ip: entry.ip ?? null,
      user_agent: entry.userAgent?.slice(0, 500) ?? null,
      event_id: entry.eventId ?? null,
    })
    .onConflict((oc) => oc.column("event_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
