import "server-only";
import type { DB, Tx } from "../../db/client";
import type { Role } from "../../db/schema";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { maskPhone } from "../phone";
import { endAllSessions } from "../sessions";
import { said } from "../server-messages";

export interface RoleChangeActor {
  id: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Where the change came from: the admin UI, or the command line for the first admin. */
  via: "admin" | "cli" | "seed";
}

/**
 * Sets a role and writes its audit row in the caller's transaction: a role change is never
 * unrecorded. Every session of the account ends with it.
 */
export async function applyRoleChange(trx: Tx, userId: string, role: Role, actor: RoleChangeActor) {
  const user = await trx.selectFrom("users").select(["id", "phone", "role"]).where("id", "=", userId).forUpdate().executeTakeFirst();
  if (!user) throw new AppError("NOT_FOUND", said("userNotFound"), { field: "userId" });
  if (user.role === role) return { userId, from: user.role, to: role, changed: false };
  await trx.updateTable("users").set({ role, updated_at: new Date() }).where("id", "=", userId).execute();
  // Sessions carry the role they were issued with; they end, and the next sign-in carries the new one.
  await endAllSessions(trx, userId);
  await recordAudit(trx, {
    action: "user.role_changed",
    actorId: actor.id,
    resourceType: "user",
    resourceId: userId,
    description: `Role ${user.role} → ${role}`,
    metadata: { from: user.role, to: role, phone: maskPhone(user.phone), via: actor.via },
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
  return { userId, from: user.role, to: role, changed: true };
}

/** An admin changes someone's role. Admins cannot change their own, so the last admin cannot lock everyone out by accident. */
export async function setUserRole(db: DB, actor: RoleChangeActor & { id: string }, userId: string, role: Role) {
  if (actor.id === userId) throw new AppError("CONFLICT", said("ownRole"), { field: "userId" });
  return db.transaction().execute((trx) => applyRoleChange(trx, userId, role, actor));
}
