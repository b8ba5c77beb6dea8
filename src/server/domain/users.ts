import { type Kysely, sql } from "kysely";
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

/** What a caller whose account is gone or suspended is told, wherever the rule above refused them. */
export const SESSION_ENDED = "Your session has ended. Sign in again.";

/** The user behind a session, if the account still exists and is not suspended (API tiers and pages alike). */
export async function findActiveUser(db: Executor, id: string): Promise<User | undefined> {
  return activeUserById(db, id).select(USER_COLUMNS).executeTakeFirst();
}

/** The first successful sign-in creates the account; later ones find it. */
export async function findOrCreateUserByPhone(trx: Tx, phone: string): Promise<{ user: User; created: boolean }> {
  const inserted = await trx
    .insertInto("users")
    .values({ phone })
    .onConflict((oc) => oc.column("phone").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { user: inserted, created: true };
  const user = await trx.selectFrom("users").selectAll().where("phone", "=", phone).executeTakeFirstOrThrow();
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
