import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { PostKind } from "../../db/schema";
import type { Locale } from "@/shared/locales";
import { statusChangeChannel } from "../profile/notification-prefs";
import { messageLocale } from "../profile/user-locale";

/** Recipients told per step of notify-update-followers. */
export const NOTICE_PAGE = 200;
/** The updates one notice quotes (it counts them all). */
export const NOTICE_QUOTES = 3;

export interface NoticeRecipient {
  userId: string;
  isReporter: boolean;
  channel: "email" | "sms";
  recipient: string;
  locale: Locale;
  /** Updates before this were told already, or came before they followed. */
  since: Date;
}

/**
 * One page of the people to tell of a report's updates, in user id order after `after`: its
 * followers and its reporter (unless they stopped following it), active, on the channel their
 * preferences choose (the same as for status changes), each with how far they were told already.
 */
export async function listNoticeRecipients(db: Executor, reportId: string, after: string | null, limit = NOTICE_PAGE) {
  const report = await db.selectFrom("reports").select(["reporter_id", "reporter_unfollowed", "created_at"]).where("id", "=", reportId).executeTakeFirst();
  if (!report) return { recipients: [], next: null };
  let q = db
    .selectFrom("users as u")
    .leftJoin("report_follows as f", (j) => j.onRef("f.user_id", "=", "u.id").on("f.report_id", "=", reportId))
    .leftJoin("report_post_notices as n", (j) => j.onRef("n.user_id", "=", "u.id").on("n.report_id", "=", reportId))
    .select(["u.id", "u.phone", "u.email", "u.email_verified_at", "u.notification_prefs", "u.status", "u.locale", "f.created_at as followed_at", "n.told_through"])
    // The candidates by their keys (the follows' primary key, the reporter's id), not a scan of users.
    .where("u.id", "in", (eb) => {
      const followers = eb.selectFrom("report_follows").select("user_id").where("report_id", "=", reportId);
      return report.reporter_unfollowed ? followers : followers.union(eb.selectFrom("reports").select("reporter_id as user_id").where("id", "=", reportId));
    })
    .orderBy("u.id")
    .limit(limit);
  if (after) q = q.where("u.id", ">", after);
  const rows = await q.execute();
  const recipients: NoticeRecipient[] = [];
  for (const u of rows) {
    if (u.status !== "active") continue;
    const target = statusChangeChannel(u);
    if (!target) continue;
    const isReporter = u.id === report.reporter_id;
    const since = u.told_through ?? (isReporter ? report.created_at : (u.followed_at ?? report.created_at));
    recipients.push({ userId: u.id, isReporter, ...target, locale: messageLocale(u.locale), since: new Date(since) });
  }
  return { recipients, next: rows.length === limit ? rows.at(-1)!.id : null };
}

export interface PendingUpdates {
  count: number;
  /** The newest visible update's id and time: the notice's key, and how far it tells. */
  newestId: string;
  newestAt: Date;
  /** The newest few, newest first. */
  quotes: { kind: PostKind; text: string | null }[];
}

/** Visible updates on the report posted after `since` by anyone but `userId`; null when there are none. */
export async function pendingUpdatesFor(db: Executor, reportId: string, userId: string, since: Date): Promise<PendingUpdates | null> {
  const base = db
    .selectFrom("report_posts")
    .where("report_id", "=", reportId)
    .where("hidden_at", "is", null)
    .where("author_id", "<>", userId)
    .where("created_at", ">", since);
  const [latest, total] = await Promise.all([
    base.select(["id", "kind", "text", "created_at"]).orderBy("created_at", "desc").orderBy("id", "desc").limit(NOTICE_QUOTES).execute(),
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  if (latest.length === 0) return null;
  return {
    count: Number(total.n),
    newestId: latest[0]!.id,
    newestAt: new Date(latest[0]!.created_at),
    quotes: latest.map((p) => ({ kind: p.kind, text: p.text })),
  };
}

/** Records that `userId` was told of the report's updates up to `through` (never moving back). */
export async function markToldThrough(db: Executor, reportId: string, userId: string, through: Date): Promise<void> {
  await db
    .insertInto("report_post_notices")
    .values({ report_id: reportId, user_id: userId, told_through: through })
    .onConflict((oc) => oc.columns(["report_id", "user_id"]).doUpdateSet({ told_through: sql`greatest(report_post_notices.told_through, excluded.told_through)` }))
    .execute();
}
