import "server-only";
import type { DB } from "../../db/client";
import type { User } from "../../db/schema";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import type { UpdateProfileInput } from "./profile.schemas";
import { assertEmailNotVerifiedElsewhere, isVerifiedEmailTaken } from "./verified-email";
import { said } from "../server-messages";

/**
 * Changes the display name and/or email. A new email is unverified until its link is opened, and
 * links sent to the old address stop working. Input arrives trimmed and lowercased (schemas).
 */
export async function updateProfile(db: DB, userId: string, input: UpdateProfileInput, now = new Date()): Promise<User> {
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom("users").selectAll().where("id", "=", userId).forUpdate().executeTakeFirst();
      if (!user) throw new AppError("NOT_FOUND", said("accountGone"));
      const email = input.email === undefined ? user.email : input.email || null;
      const emailChanged = (email ?? "") !== (user.email ?? "").toLowerCase();
      if (email && emailChanged) await assertEmailNotVerifiedElsewhere(trx, email, userId);

      const updated = await trx
        .updateTable("users")
        .set({
          ...(input.name !== undefined ? { name: input.name || null } : {}),
          ...(emailChanged ? { email, email_verified_at: null } : {}),
          updated_at: now,
        })
        .where("id", "=", userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (emailChanged) {
        await trx.updateTable("email_verification_tokens").set({ consumed_at: now }).where("user_id", "=", userId).where("consumed_at", "is", null).execute();
        await recordAudit(trx, {
          action: "profile.email.changed",
          actorId: userId,
          resourceType: "user",
          resourceId: userId,
          description: email ? "Email address changed; awaiting verification" : "Email address removed",
          metadata: { hadVerifiedEmail: user.email_verified_at !== null },
        });
      }
      return updated;
    });
  } catch (err) {
    if (isVerifiedEmailTaken(err)) throw new AppError("CONFLICT", said("emailTaken"), { field: "email" });
    throw err;
  }
}
