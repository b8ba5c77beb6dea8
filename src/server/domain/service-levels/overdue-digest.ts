import "server-only";
import type { DB, Executor } from "../../db/client";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@/shared/locales";
import { digestHour, type OverdueItem } from "./digest";

/**
 * The breaches of the hour: every breach no digest has told of yet is given to the digest of the
 * hour `now` falls in, and that hour's breaches are returned. Calling it again in the same hour (a
 * retried step) returns the same set, so the digest's messages, keyed by hour and moderator, are
 * the same messages.
 */
export async function claimOverdueDigest(db: DB, now: Date = new Date()): Promise<{ hour: Date; items: OverdueItem[] }> {
  const hour = digestHour(now);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("service_level_breaches").set({ digest_hour: hour }).where("digest_hour", "is", null).execute();
    const rows = await trx
      .selectFrom("service_level_breaches as b")
      .innerJoin("reports as r", "r.id", "b.report_id")
      .select(["r.id", "r.ref", "r.title", "r.category", "b.stage", "b.deadline"])
      .where("b.digest_hour", "=", hour)
      .execute();
    return { hour, items: rows.map((r) => ({ reportId: r.id, ref: r.ref, title: r.title, category: r.category, stage: r.stage, deadline: r.deadline })) };
  });
}

export interface DigestRecipient {
  userId: string;
  email: string;
  locale: Locale;
}

/** Who gets the digest: active moderators and admins with a verified email, each in their saved language. */
export async function overdueDigestRecipients(db: Executor): Promise<DigestRecipient[]> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "email", "locale"])
    .where("role", "in", ["moderator", "admin"])
    .where("status", "=", "active")
    .where("email", "is not", null)
    .where("email_verified_at", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email!, locale: (LOCALES as readonly string[]).includes(r.locale ?? "") ? (r.locale as Locale) : DEFAULT_LOCALE }));
}
