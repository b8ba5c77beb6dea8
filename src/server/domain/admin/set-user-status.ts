import "server-only";
import type { DB } from "../../db/client";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { maskPhone } from "../phone";
import { endAllSessions } from "../sessions";
import type { RoleChangeActor } from "./set-user-role";
import { said } from "../server-messages";

export type AccountStatus = "active" | "suspended";

/**
 * An admin suspends an account (it can no longer sign in, file or act, and every session it has
 * ends at once) or restores it; a reason is required either way and audited with the change.
 * Admins cannot suspend themselves, so the last admin cannot lock everyone out by accident.
 */
export async function setUserStatus(db: DB, actor: RoleChangeActor & { id: string }, input: { userId: string; status: AccountStatus; reason: string }) {
  if (actor.id === input.userId) throw new AppError("CONFLICT", said("ownStatus"), { field: "userId" });
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "phone", "status"]).where("id", "=", input.userId).forUpdate().executeTakeFirst();
    if (!user) throw new AppError("NOT_FOUND", said("userNotFound"), { field: "userId" });
    if (user.status === input.status) return { userId: user.id, from: user.status, to: input.status, changed: false };
    await trx.updateTable("users").set({ status: input.status, updated_at: new Date() }).where("id", "=", user.id).execute();
    if (input.status === "suspended") await endAllSessions(trx, user.id);
    await recordAudit(trx, {
      action: input.status === "suspended" ? "user.suspended" : "user.restored",
      actorId: actor.id,
      resourceType: "user",
      resourceId: user.id,
      description: `${input.status === "suspended" ? "Suspended" : "Restored"}: ${input.reason}`,
      metadata: { from: user.status, to: input.status, reason: input.reason, phone: maskPhone(user.phone), via: actor.via },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { userId: user.id, from: user.status, to: input.status, changed: true };
  });
}
