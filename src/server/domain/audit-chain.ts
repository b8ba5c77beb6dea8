import "server-only";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "../db/client";

/** The prev_hash of the chain's first row. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainBreakReason =
  /** A row's seq is not the one after the previous row's: rows were deleted (or inserted with a made-up seq). */
  | "gap in sequence"
  /** A row's prev_hash is not the previous row's hash. */
  | "broken link"
  /** A row's content no longer hashes to its hash: it was edited. */
  | "hash mismatch"
  /** The log ends before the head's seq: rows at the end were deleted. */
  | "missing rows"
  /** The last row is not the one the head recorded. */
  | "head mismatch"
  /** A row sits past the head: it was inserted around the chain trigger. */
  | "row beyond the head"
  /** The row at a head recorded earlier (the anchor) has another hash, or is gone: the chain was rewritten. */
  | "anchor mismatch";

interface ChainHead {
  /** The head when the walk began: rows written after it are left to the next walk. */
  headSeq: number;
  headHash: string;
  /** Rows found intact (before the break, if any). */
  rows: number;
}

export type ChainVerification =
  | ({ ok: true } & ChainHead)
  | ({ ok: false; seq: number; id: string | null; reason: ChainBreakReason; detail: string } & ChainHead);

/** A row's hash: its canonical text chained to the previous row's hash. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash("sha256").update(prevHash + canonical, "utf8").digest("hex");
}

// The row's content as migration 0009's audit_log_canonical() writes it: PostgreSQL's jsonb text
// (keys in jsonb's fixed order), created_at in UTC to the microsecond. Built here rather than by
// calling that function, so a replaced function in the database cannot vouch for an edited row.
const canonical = sql<string>`jsonb_build_object(
  'seq', seq, 'id', id, 'event_id', event_id, 'action', action, 'status', status,
  'actor_id', actor_id, 'resource_type', resource_type, 'resource_id', resource_id,
  'description', description, 'metadata', metadata, 'ip', ip, 'user_agent', user_agent,
  'created_at', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text`;

/** Where the chain ends now: the last seq and its hash (seq 0 before the first row). */
export async function readChainHead(db: Executor): Promise<{ seq: number; hash: string }> {
  return (await db.selectFrom("audit_chain_head").select(["seq", "hash"]).executeTakeFirst()) ?? { seq: 0, hash: GENESIS_HASH };
}

const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : "none");

export interface VerifyOptions {
  /** Start the walk at this seq, taking the link into it on trust. Default 1. */
  from?: number;
  /** Rows per query. */
  batch?: number;
  /**
   * A head recorded earlier (by a previous check, or kept outside the database). Anyone who can
   * write the table can recompute every hash from an edited row on; the row at a recorded head
   * then has another hash, which this catches.
   */
  anchor?: { seq: number; hash: string };
}

/**
 * Walks the audit chain in seq order, `batch` rows per query, and returns the first broken link
 * or the intact chain's head. Only rows up to the head read at the start are walked, so writers
 * carry on meanwhile.
 */
export async function verifyAuditChain(db: Executor, options: VerifyOptions = {}): Promise<ChainVerification> {
  const from = options.from ?? 1;
  const batch = options.batch ?? 5000;
  const anchor = options.anchor;
  const head = await readChainHead(db);
  let expected = from;
  let prev: string | null = from === 1 ? GENESIS_HASH : null;
  let last: { id: string; hash: string } | null = null;
  let rows = 0;
  const summary = () => ({ headSeq: head.seq, headHash: head.hash, rows });

  for (;;) {
    const page = await db
      .selectFrom("audit_log")
      .select(["seq", "id", "prev_hash", "hash", canonical.as("canonical")])
      .where("seq", ">=", expected)
      .where("seq", "<=", head.seq)
      .orderBy("seq")
      .limit(batch)
      .execute();
    for (const row of page) {
      const broken = (reason: ChainBreakReason, detail: string): ChainVerification => ({ ok: false, seq: row.seq, id: row.id, reason, detail, ...summary() });
      if (row.seq !== expected) return broken("gap in sequence", `expected seq ${expected}, found ${row.seq}`);
      if (prev !== null && row.prev_hash !== prev) {
        return broken("broken link", `prev_hash ${short(row.prev_hash)} is not the hash of seq ${row.seq - 1} (${short(prev)})`);
      }
      if (chainHash(row.prev_hash, row.canonical) !== row.hash) return broken("hash mismatch", "the row's content does not match its hash: it was changed after it was written");
      if (anchor && row.seq === anchor.seq && row.hash !== anchor.hash) {
        return broken("anchor mismatch", `the head recorded at seq ${anchor.seq} was ${short(anchor.hash)}, the row now has ${short(row.hash)}`);
      }
      prev = row.hash;
      last = row;
      expected += 1;
      rows += 1;
    }
    if (page.length < batch) break;
  }

  if (expected <= head.seq) {
    return { ok: false, seq: expected, id: null, reason: "missing rows", detail: `the head is at seq ${head.seq} but the log ends at seq ${expected - 1}`, ...summary() };
  }
  if (anchor && anchor.seq >= from && anchor.seq >= expected) {
    return { ok: false, seq: anchor.seq, id: null, reason: "anchor mismatch", detail: `the chain ends at seq ${expected - 1}, before the head recorded at seq ${anchor.seq}`, ...summary() };
  }
  if (last && expected - 1 === head.seq && last.hash !== head.hash) {
    return { ok: false, seq: head.seq, id: last.id, reason: "head mismatch", detail: `the head records ${short(head.hash)}, the row has ${short(last.hash)}`, ...summary() };
  }
  // A row past the head that the head still does not cover once the row is visible was not
  // written through the trigger: a writer moves the head in the transaction that adds its row.
  const beyond = await db.selectFrom("audit_log").select(["seq", "id"]).where("seq", ">", head.seq).orderBy("seq", "desc").limit(1).executeTakeFirst();
  if (beyond && beyond.seq > (await readChainHead(db)).seq) {
    return { ok: false, seq: beyond.seq, id: beyond.id, reason: "row beyond the head", detail: `seq ${beyond.seq} is past the head`, ...summary() };
  }
  return { ok: true, ...summary() };
}
