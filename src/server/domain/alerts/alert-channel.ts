import "server-only";
import type { AlertChannel, User } from "../../db/schema";

/**
 * Where a subscription's alerts go: email only to a verified address (an unverified one may not be
 * theirs), SMS to the account's phone. Null when the channel cannot be used (the address was
 * removed or unverified since): subscribing refuses it, and sending drops what was pending.
 */
export function alertRecipient(user: Pick<User, "email" | "email_verified_at" | "phone">, channel: AlertChannel): string | null {
  if (channel === "email") return user.email && user.email_verified_at ? user.email : null;
  return user.phone ? user.phone : null;
}
