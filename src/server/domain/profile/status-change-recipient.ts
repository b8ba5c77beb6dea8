import "server-only";
import type { Executor } from "../../db/client";
import { statusChangeChannel } from "./notification-prefs";
import { messageLocale } from "./user-locale";

/** How (and in which language) the reporter hears about a status change of `reportId`; null when they chose no notices or unfollowed their report. */
export async function findStatusChangeRecipient(db: Executor, userId: string, reportId: string) {
  const user = await db.selectFrom("users").select(["phone", "email", "email_verified_at", "notification_prefs", "status", "locale"]).where("id", "=", userId).executeTakeFirst();
  if (!user || user.status !== "active") return null;
  const target = statusChangeChannel(user);
  if (!target) return null;
  const report = await db
    .selectFrom("reports as r")
    .leftJoin("reports as original", "original.id", "r.duplicate_of")
    .select(["r.title", "r.reporter_unfollowed", "original.ref as duplicateOfRef"])
    .where("r.id", "=", reportId)
    .executeTakeFirst();
  if (report?.reporter_unfollowed) return null;
  // A duplicate's notice names the report it duplicates, so the reporter can follow that one.
  return { ...target, locale: messageLocale(user.locale), title: report?.title ?? null, duplicateOfRef: report?.duplicateOfRef ?? null };
}
