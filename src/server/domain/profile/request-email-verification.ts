import "server-only";
import { randomUUID } from "node:crypto";
import type { DB } from "../../db/client";
import { enqueue } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { consumeRateLimits } from "../rate-limit";
import { EMAIL_TOKEN_TTL_SECONDS, generateEmailToken, hashEmailToken } from "./email-token";
import { verifiedByAnotherAccount } from "./verified-email";
import { said } from "../server-messages";

export interface EmailVerificationConfig {
  /** Seals the token for the event, so it is unreadable in the outbox, Inngest and logs. */
  seal: (value: unknown) => Promise<unknown>;
  limit: { perUser: number; windowSeconds: number };
}

/** How long the profile page waits before offering "Verify email" again. */
export const VERIFY_EMAIL_COOLDOWN_SECONDS = 60;

/**
 * Issues a verification link for the user's current email: stores only the token's hash, retires
 * earlier links, and queues the email as an outbox event in the same transaction. It does not talk
 * to the email provider, so it answers at once however slow the provider is.
 */
export async function requestEmailVerification(db: DB, userId: string, config: EmailVerificationConfig, now = new Date()) {
  const token = generateEmailToken();
  const expiresAt = new Date(now.getTime() + EMAIL_TOKEN_TTL_SECONDS * 1000);
  const sealed = await config.seal({ token });

  const tokenId = randomUUID();
  // Four round trips in the transaction: the user (locked) with the duplicate check, the rate
  // limit, and one statement that retires older links, stores this one and queues its event.
  const email = await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "email_verified_at", verifiedByAnotherAccount(userId).as("taken")])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new AppError("NOT_FOUND", said("accountGone"));
    if (!user.email) throw new AppError("INVALID_INPUT", said("emailMissing"), { field: "email" });
    if (user.email_verified_at) throw new AppError("CONFLICT", said("emailAlreadyVerified"));
    if (user.taken) throw new AppError("CONFLICT", said("emailTaken"), { field: "email" });
    await consumeRateLimits(
      trx,
      [{ key: `email-verify:user:${userId}`, limit: config.limit.perUser, windowSeconds: config.limit.windowSeconds, message: said("tooManyVerificationEmails") }],
      now,
    );

    const address = user.email;
    const withToken = trx
      // Only the newest link works: an older email in the inbox must not verify after a resend.
      .with("retired", (q) =>
        q.updateTable("email_verification_tokens").set({ consumed_at: now }).where("user_id", "=", userId).where("consumed_at", "is", null),
      )
      .with("issued", (q) =>
        q.insertInto("email_verification_tokens").values({ id: tokenId, token_hash: hashEmailToken(token), user_id: userId, email: address, expires_at: expiresAt, created_at: now }),
      );
    await enqueue(withToken, "user/email-verification.requested", { userId, email: address, tokenId, expiresAt: expiresAt.toISOString(), encrypted: sealed });
    return address;
  });

  return { sentTo: email, expiresAt, cooldownSeconds: VERIFY_EMAIL_COOLDOWN_SECONDS };
}
