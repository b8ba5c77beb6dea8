import "server-only";
import type { Executor } from "../../db/client";

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Why a verification link (its token row, by id) would be dead if emailed now, or null while it
 * still works. A link dies when a newer one is issued, the address changes or is verified (each
 * retires the open links: request-email-verification, update-profile, verify-email), or it expires.
 * Locks the account row, as those writers do first, so none of them slips in before the caller's
 * transaction commits; the token row is read unlocked, verify-email locking it before the account.
 */
export async function whyVerificationLinkIsDead(trx: Executor, tokenId: string, now = new Date()): Promise<string | null> {
  const token = await trx.selectFrom("email_verification_tokens").select(["user_id", "email", "expires_at", "consumed_at", "created_at"]).where("id", "=", tokenId).executeTakeFirst();
  if (!token) return "its link no longer exists (it was cleaned up after expiring)";
  const user = await trx.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", token.user_id).forUpdate().executeTakeFirst();
  if (!user) return "the account no longer exists";
  const sameEmail = (user.email ?? "").toLowerCase() === token.email.toLowerCase();
  if (sameEmail && user.email_verified_at) return `the email address was verified on ${at(user.email_verified_at)}`;
  if (!sameEmail) return user.email ? "the account's email address has changed since this link was issued" : "the account no longer has an email address";
  const newer = await trx
    .selectFrom("email_verification_tokens")
    .select("created_at")
    .where("user_id", "=", token.user_id)
    .where("id", "!=", tokenId)
    .where("created_at", ">=", token.created_at)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (newer) return `a newer verification link was sent on ${at(newer.created_at)}`;
  if (token.consumed_at) return `the link was retired on ${at(token.consumed_at)}`;
  if (token.expires_at.getTime() <= now.getTime()) return `the link expired on ${at(token.expires_at)}`;
  return null;
}
