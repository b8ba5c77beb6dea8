import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { DB, Executor } from "../../db/client";
import { compileOnce } from "../../db/compile-once";
import { recordAudit } from "../audit";
import { AppError } from "../errors";

/** What every key starts with, so a leaked one is recognisable in a scan. */
const KEY_PREFIX = "o311_";

export interface KeyActor {
  id: string | null;
  ip?: string | null;
  userAgent?: string | null;
  via: "admin" | "cli";
}

export const hashKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

/** A new key: 32 random bytes, base64url. Only its hash is stored. */
export function newKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * Issues a key for a named client: the client's account (a users row that can never sign in: its
 * "phone" is not a phone, and it hears of no status change), the key's row and the audit row commit
 * together. The key itself is returned once and stored nowhere.
 */
export async function issueOpen311Key(db: DB, actor: KeyActor, input: { name: string; requestsPerHour: number }) {
  const key = newKey();
  const row = await db.transaction().execute(async (trx) => {
    const id = crypto.randomUUID();
    const user = await trx
      .insertInto("users")
      .values({ phone: `open311:${id}`, name: input.name, notification_prefs: JSON.stringify({ status_change: "none" }) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto("open311_keys")
      .values({ id, name: input.name, key_hash: hashKey(key), key_prefix: key.slice(0, KEY_PREFIX.length + 6), client_user_id: user.id, requests_per_hour: input.requestsPerHour, created_by: actor.id })
      .returning(["id", "name", "key_prefix", "requests_per_hour", "created_at"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "open311.key_issued",
      actorId: actor.id,
      resourceType: "open311_key",
      resourceId: inserted.id,
      description: `Open311 key issued to ${input.name}`,
      metadata: { name: input.name, requestsPerHour: input.requestsPerHour, via: actor.via, clientUserId: user.id },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return inserted;
  });
  return { ...row, key };
}

/** Every key, newest first, with how many reports came through it; never the hash. */
export async function listOpen311Keys(db: Executor) {
  const rows = await db
    .selectFrom("open311_keys as k")
    .leftJoin("users as u", "u.id", "k.created_by")
    .select((eb) => [
      "k.id",
      "k.name",
      "k.key_prefix",
      "k.requests_per_hour",
      "k.created_at",
      "k.revoked_at",
      "u.name as created_by_name",
      eb.selectFrom("reports").whereRef("reports.open311_key_id", "=", "k.id").select((e) => e.fn.countAll<string>().as("n")).as("reports"),
    ])
    .orderBy("k.created_at", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, reports: Number(r.reports ?? 0) }));
}

async function changeKey(db: DB, actor: KeyActor, keyId: string, change: "limit" | "revoke", requestsPerHour?: number) {
  return db.transaction().execute(async (trx) => {
    const key = await trx.selectFrom("open311_keys").select(["id", "name", "requests_per_hour", "revoked_at"]).where("id", "=", keyId).forUpdate().executeTakeFirst();
    if (!key) throw new AppError("NOT_FOUND", "No Open311 key has that id.", { field: "keyId" });
    if (key.revoked_at) throw new AppError("CONFLICT", "That key is already revoked.", { field: "keyId" });
    const now = new Date();
    if (change === "revoke") {
      await trx.updateTable("open311_keys").set({ revoked_at: now, revoked_by: actor.id }).where("id", "=", keyId).execute();
    } else {
      await trx.updateTable("open311_keys").set({ requests_per_hour: requestsPerHour! }).where("id", "=", keyId).execute();
    }
    await recordAudit(trx, {
      action: change === "revoke" ? "open311.key_revoked" : "open311.key_limit_changed",
      actorId: actor.id,
      resourceType: "open311_key",
      resourceId: keyId,
      description: change === "revoke" ? `Open311 key of ${key.name} revoked` : `Open311 key of ${key.name}: ${key.requests_per_hour} → ${requestsPerHour} requests an hour`,
      metadata: change === "revoke" ? { name: key.name, via: actor.via } : { name: key.name, from: key.requests_per_hour, to: requestsPerHour, via: actor.via },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { id: keyId, revokedAt: change === "revoke" ? now : null, requestsPerHour: requestsPerHour ?? key.requests_per_hour };
  });
}

export const revokeOpen311Key = (db: DB, actor: KeyActor, keyId: string) => changeKey(db, actor, keyId, "revoke");
export const setOpen311KeyLimit = (db: DB, actor: KeyActor, keyId: string, requestsPerHour: number) => changeKey(db, actor, keyId, "limit", requestsPerHour);

export interface Open311Client {
  keyId: string;
  name: string;
  clientUserId: string;
  requestsPerHour: number;
}

/** The live key with that hash: built and compiled once (compile-once.ts), as every filing asks it first. */
const liveKeyByHash = compileOnce((db, p: { keyHash: string }) =>
  db.selectFrom("open311_keys").select(["id", "name", "client_user_id", "requests_per_hour"]).where("key_hash", "=", p.keyHash).where("revoked_at", "is", null),
);

/** The client a key belongs to, or null for a key that is unknown, malformed or revoked. */
export async function authenticateOpen311Key(db: Executor, key: string | null | undefined): Promise<Open311Client | null> {
  if (!key || !key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const row = (await liveKeyByHash(db, { keyHash: hashKey(key) })).rows[0];
  return row ? { keyId: row.id, name: row.name, clientUserId: row.client_user_id, requestsPerHour: row.requests_per_hour } : null;
}
