import "server-only";
import type { Executor } from "../../db/client";
import type { NotificationChannelChoice, NotificationPrefs, User } from "../../db/schema";
import type { NotificationPrefsInput } from "./profile.schemas";

export async function setNotificationPrefs(db: Executor, userId: string, input: NotificationPrefsInput, now = new Date()): Promise<NotificationPrefs> {
  const row = await db
    .updateTable("users")
    .set({ notification_prefs: JSON.stringify({ status_change: input.statusChange } satisfies NotificationPrefs), updated_at: now })
    .where("id", "=", userId)
    .returning("notification_prefs")
    .executeTakeFirstOrThrow();
  return row.notification_prefs;
}

export function statusChangeChoice(prefs: NotificationPrefs | null | undefined): NotificationChannelChoice {
  return prefs?.status_change ?? "auto";
}

/**
 * Where a status-change notice goes. "auto" prefers a verified email and falls back to SMS; an
 * explicit "email" without a verified address falls back to SMS too, because an unverified address
 * may not be theirs and the citizen asked to be told.
 */
export function statusChangeChannel(user: Pick<User, "email" | "email_verified_at" | "phone" | "notification_prefs">): { channel: "email" | "sms"; recipient: string } | null {
  const choice = statusChangeChoice(user.notification_prefs);
  if (choice === "none") return null;
  const verifiedEmail = user.email && user.email_verified_at ? user.email : null;
  if ((choice === "auto" || choice === "email") && verifiedEmail) return { channel: "email", recipient: verifiedEmail };
  return { channel: "sms", recipient: user.phone };
}
