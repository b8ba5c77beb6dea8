import { sql } from "kysely";
import type { DB, Executor, Tx } from "../db/client";
import type { User } from "../db/schema";
import { applyOnce } from "./processed-events";

/**
 * Every column, named: the tiers read the user on every call, and a named list (unlike `select *`)
 * lets PostgreSQL keep it as a prepared statement (db/prepared.ts). A column added to UsersTable
 * but not here fails the type check below.
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

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** The user behind a session, if the account still exists and is not suspended (API tiers and pages alike). */
export async function findActiveUser(db: Executor, id: string): Promise<User | undefined> {
  const user = await findUserById(db, id);
  return user?.status === "active" ? user : undefined;
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
