import "server-only";
import type { Locale } from "@/shared/locales";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { DB, Executor, Tx } from "../db/client";
import type { Database, User } from "../db/schema";
import { applyOnce } from "./processed-events";

/**
 * Every column, named: the tiers read the user on every call, and a named list (unlike `select *`)
 * lets PostgreSQL keep it as a prepared statement (db/prepared.ts). A column added to UsersTable
 * but not here fails findActiveUser's return type (User) in the type check.
 */
const USER_COLUMNS = [
  "id",
  "phone",
  "name",
  "email",
  "email_verified_at",
  "role",
  "reputation",
  "login_count",
  "last_login_at",
  "status",
  "notification_prefs",
  "session_epoch",
  "locale",
  "created_at",
  "updated_at",
] as const;

/**
 * The one rule for "signed in and not suspended": the session's account still exists and is active.
 * The API tiers and pages read it through findActiveUser; reports.create's single statement heads
 * with it (submitReport), so filing a report costs one round trip, not two.
 */
export function activeUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom("users").where("id", "=", id).where("status", "=", "active");
}

/** Who a session cookie says is calling: the account, the session's own id and the epoch it was issued under. */
export interface SessionRef {
  userId: string;
  sid: string;
  epoch: number;
}

/**
 * The rule for "this session still stands": the account is active (above), the session was issued
 * under the account's current epoch (not ended by sign-out-everywhere, a role change or a
 * suspension), and it was not signed out. A condition on the same statement, so the API tiers and
 * reports.create's single statement check it without another round trip.
 */
export function liveSessionUser(db: Kysely<Database>, s: SessionRef) {
  return activeUserById(db, s.userId).where((eb) => sessionStands(eb, s));
}

/** The session part of the rule, as a condition on a `users` row (reports.create's statement uses it too). */
export function sessionStands(eb: ExpressionBuilder<Database, "users">, s: Pick<SessionRef, "sid" | "epoch">) {
  return eb.and([
    eb("users.session_epoch", "=", s.epoch),
    eb.not(eb.exists(eb.selectFrom("revoked_sessions").select(sql.lit(1).as("one")).where("revoked_sessions.sid", "=", s.sid))),
  ]);
}

/** The user behind a session that still stands (API tiers and pages), or undefined. */
export async function findSessionUser(db: Executor, s: SessionRef): Promise<User | undefined> {
  return liveSessionUser(db, s).select(USER_COLUMNS).executeTakeFirst();
}

/** What a caller whose account is gone or suspended is told, wherever the rule above refused them. */
export const SESSION_ENDED = "Your session has ended. Sign in again.";

/** The user behind a session, if the account still exists and is not suspended (API tiers and pages alike). */
export async function findActiveUser(db: Executor, id: string): Promise<User | undefined> {
  return activeUserById(db, id).select(USER_COLUMNS).executeTakeFirst();
}

/**
 * The first successful sign-in creates the account; later ones find it. An account with no saved
 * language takes the one it signed in with (`locale`, the request's), so its SMS and emails come in
 * the language the person used; a language they chose is never replaced.
 */
export async function findOrCreateUserByPhone(trx: Tx, phone: string, locale?: Locale): Promise<{ user: User; created: boolean }> {
  const inserted = await trx
    .insertInto("users")
    .values({ phone, locale: locale ?? null })
    .onConflict((oc) => oc.column("phone").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { user: inserted, created: true };
  const user = await trx.selectFrom("users").selectAll().where("phone", "=", phone).executeTakeFirstOrThrow();
  if (user.locale === null && locale) {
    await trx.updateTable("users").set({ locale }).where("id", "=", user.id).where("locale", "is", null).execute();
    return { user: { ...user, locale }, created: false };
  }
  return { user, created: false };
}

/** Counts one sign-in, once per event id however often the event is delivered. */
export async function recordLoginStats(db: DB, input: { eventId: string; userId: string; at: Date }): Promise<boolean> {
  return applyOnce(db, input.eventId, "update-login-stats", async (trx) => {
    await trx
      .updateTable("users")
      .set({
        login_count: sql`login_count + 1`,
        // Events can arrive out of order (retries, outbox backlog): never move last_login_at backwards.
        last_login_at: sql`greatest(coalesce(last_login_at, ${input.at}), ${input.at})`,
        updated_at: new Date(),
      })
      .where("id", "=", input.userId)
      .execute();
  });
}
