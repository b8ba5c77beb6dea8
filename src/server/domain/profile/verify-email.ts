import "server-only";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { enqueue } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { hashEmailToken } from "./email-token";
import { assertEmailNotVerifiedElsewhere, isVerifiedEmailTaken } from "./verified-email";
import { said } from "../server-messages";

/**
 * Verifies the email a link was sent to. The token is found by its hash (an indexed equality, no
 * comparison loop to time), used at most once, and only while the account still has that email.
 * The verification and its `user/email.verified` event commit together.
 */
export async function verifyEmail(db: DB, token: string, now = new Date()): Promise<{ userId: string; email: string }> {
  const tokenHash = hashEmailToken(token);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("email_verification_tokens").selectAll().where("token_hash", "=", tokenHash).forUpdate().executeTakeFirst();
      // Unknown, used and expired links get one answer: which it was helps only someone guessing.
      if (!row || row.consumed_at || row.expires_at.getTime() <= now.getTime()) throw new AppError("INVALID_INPUT", said("verificationLinkUsed"));
      const user = await trx.selectFrom("users").select(["id", "email", "email_verified_at"]).where("id", "=", row.user_id).forUpdate().executeTakeFirst();
      if (!user || (user.email ?? "").toLowerCase() !== row.email.toLowerCase()) throw new AppError("INVALID_INPUT", said("verificationLinkUsed"));
      await assertEmailNotVerifiedElsewhere(trx, row.email, row.user_id);

      await trx.updateTable("email_verification_tokens").set({ consumed_at: now }).where("id", "=", row.id).execute();
      if (!user.email_verified_at) {
        await trx
          .updateTable("users")
          .set({ email_verified_at: now, updated_at: now })
          .where("id", "=", user.id)
          .where(sql<string>`lower(email)`, "=", row.email.toLowerCase())
          .execute();
        await enqueue(trx, "user/email.verified", { userId: user.id, email: row.email, at: now.toISOString() });
      }
      return { userId: user.id, email: row.email };
    });
  } catch (err) {
    if (isVerifiedEmailTaken(err)) throw new AppError("CONFLICT", said("emailTaken"), { field: "email" });
    throw err;
  }
}
