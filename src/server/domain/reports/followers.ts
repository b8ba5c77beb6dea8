import "server-only";
import type { Executor } from "../../db/client";
import type { Locale } from "@/shared/locales";
import { statusChangeChannel } from "../profile/notification-prefs";
import { messageLocale } from "../profile/user-locale";

/** Followers told per step of notify-followers: one page of this many, in user id order. */
export const FOLLOWER_PAGE = 200;

export interface FollowerRecipient {
  userId: string;
  channel: "email" | "sms";
  recipient: string;
  /** The language their notice is written in (their saved one, else English). */
  locale: Locale;
}

/**
 * One page of a report's followers to tell of a status change, after `after` (a user id) in id
 * order, by the same rules as its reporter (notification-prefs.ts: their choice of email, SMS or
 * nothing; active accounts only). The reporter is not among them: notify-reporter tells them.
 * `next` is where the following page starts, null after the last.
 */
export async function listFollowerRecipients(db: Executor, reportId: string, after: string | null, limit = FOLLOWER_PAGE) {
  let q = db
    .selectFrom("report_follows as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .innerJoin("reports as r", "r.id", "f.report_id")
    .select(["u.id", "u.phone", "u.email", "u.email_verified_at", "u.notification_prefs", "u.status", "u.locale"])
    .where("f.report_id", "=", reportId)
    .whereRef("f.user_id", "<>", "r.reporter_id")
    .orderBy("f.user_id")
    .limit(limit);
  if (after) q = q.where("f.user_id", ">", after);
  const rows = await q.execute();
  const recipients: FollowerRecipient[] = [];
  for (const u of rows) {
    if (u.status !== "active") continue;
    const target = statusChangeChannel(u);
    if (target) recipients.push({ userId: u.id, ...target, locale: messageLocale(u.locale) });
  }
  return { recipients, next: rows.length === limit ? rows.at(-1)!.id : null };
}
