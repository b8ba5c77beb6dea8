import "server-only";
import type { Executor } from "../../db/client";
import { statusChangeChannel } from "./notification-prefs";

/** How the reporter hears about a status change of `reportId`; null when they chose no notices or unfollowed their report. */
export async function findStatusChangeRecipient(db: Executor, userId: string, reportId: string) {
  const user = await db.selectFrom("users").select(["phone", "email", "email_verified_at", "notification_prefs", "status"]).where("id", "=", userId).executeTakeFirst();
  if (!user || user.status !== "active") return null;
  const target = statusChangeChannel(user);
  if (!target) return null;
  const report = await db.selectFrom("reports").select(["title", "reporter_unfollowed"]).where("id", "=", reportId).executeTakeFirst();
  if (report?.reporter_unfollowed) return null;
  return { ...target, title: report?.title ?? null };
}
