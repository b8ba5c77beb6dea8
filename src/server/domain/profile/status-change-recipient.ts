import "server-only";
import type { Executor } from "../../db/client";
import { statusChangeChannel } from "./notification-prefs";

/** Who hears about a status change of `reportId`, and how; null when they chose no notices. */
export async function findStatusChangeRecipient(db: Executor, userId: string, reportId: string) {
  const user = await db.selectFrom("users").select(["phone", "email", "email_verified_at", "notification_prefs", "status"]).where("id", "=", userId).executeTakeFirst();
  if (!user || user.status !== "active") return null;
  const target = statusChangeChannel(user);
  if (!target) return null;
  const report = await db.selectFrom("reports").select("title").where("id", "=", reportId).executeTakeFirst();
  return { ...target, title: report?.title ?? null };
}
