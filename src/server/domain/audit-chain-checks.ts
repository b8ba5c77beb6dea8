import "server-only";
import type { DB, Executor } from "../db/client";
import { readChainHead, verifyAuditChain, type ChainBreakReason, type ChainVerification } from "./audit-chain";
import { consumeRateLimits } from "./rate-limit";
import { said } from "./server-messages";

export interface AuditChainCheck {
  checkedAt: Date;
  /** The staff member who asked from the audit page; null when `npm run audit:verify` ran it. */
  checkedBy: { id: string; name: string | null } | null;
  durationMs: number;
  result: ChainVerification;
}

export interface AuditChainState {
  /** Where the chain ends now (cheap to read: one row). */
  head: { seq: number; hash: string };
  /** The latest full verification, or null if none has run yet. */
  lastCheck: AuditChainCheck | null;
}

/** A full walk reads the whole log: a few a minute, from everyone together, is plenty. */
const RECHECK_LIMIT = { key: "audit-chain:verify", limit: 3, windowSeconds: 60, message: said("auditRecheckLimit") };

/**
 * Verifies the whole chain and stores the result as the latest check. The head the last intact
 * check saw is the anchor, unless one is given: a chain rewritten since then is caught.
 */
export async function checkAuditChain(db: DB, checkedBy: string | null, anchor?: { seq: number; hash: string }): Promise<AuditChainCheck> {
  const started = performance.now();
  const lastIntact = anchor
    ? undefined
    : await db.selectFrom("audit_chain_checks").select(["head_seq", "head_hash"]).where("ok", "=", true).orderBy("checked_at", "desc").limit(1).executeTakeFirst();
  const result = await verifyAuditChain(db, { anchor: anchor ?? (lastIntact && { seq: lastIntact.head_seq, hash: lastIntact.head_hash }) });
  const durationMs = Math.round(performance.now() - started);
  const broken = result.ok ? null : result;
  const row = await db
    .insertInto("audit_chain_checks")
    .values({
      checked_by: checkedBy,
      ok: result.ok,
      rows: result.rows,
      head_seq: result.headSeq,
      head_hash: result.headHash,
      broken_seq: broken?.seq ?? null,
      broken_id: broken?.id ?? null,
      reason: broken?.reason ?? null,
      detail: broken?.detail ?? null,
      duration_ms: durationMs,
    })
    .returning("checked_at")
    .executeTakeFirstOrThrow();
  const by = checkedBy ? await db.selectFrom("users").select(["id", "name"]).where("id", "=", checkedBy).executeTakeFirst() : undefined;
  return { checkedAt: row.checked_at, checkedBy: by ?? null, durationMs, result };
}

/** "Check again" on the audit page: rate-limited, since each click walks the whole log. */
export async function recheckAuditChain(db: DB, staffId: string): Promise<AuditChainState & { lastCheck: AuditChainCheck }> {
  await consumeRateLimits(db, [RECHECK_LIMIT]);
  const lastCheck = await checkAuditChain(db, staffId);
  return { head: { seq: lastCheck.result.headSeq, hash: lastCheck.result.headHash }, lastCheck };
}

/** The chain's head now and the latest verification, without walking the log. */
export async function getAuditChainState(db: Executor): Promise<AuditChainState> {
  const head = await readChainHead(db);
  const row = await db
    .selectFrom("audit_chain_checks as c")
    .leftJoin("users as u", "u.id", "c.checked_by")
    .select(["c.checked_at", "c.checked_by", "u.name", "c.ok", "c.rows", "c.head_seq", "c.head_hash", "c.broken_seq", "c.broken_id", "c.reason", "c.detail", "c.duration_ms"])
    .orderBy("c.checked_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return { head, lastCheck: null };
  const summary = { rows: row.rows, headSeq: row.head_seq, headHash: row.head_hash };
  const result: ChainVerification = row.ok
    ? { ok: true, ...summary }
    : { ok: false, seq: row.broken_seq ?? 0, id: row.broken_id, reason: row.reason as ChainBreakReason, detail: row.detail ?? "", ...summary };
  return {
    head,
    lastCheck: {
      checkedAt: row.checked_at,
      checkedBy: row.checked_by ? { id: row.checked_by, name: row.name } : null,
      durationMs: row.duration_ms,
      result,
    },
  };
}
