import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { AppError } from "../errors";
import { said } from "../server-messages";

/** Throws CONFLICT (naming the email field) when another account has verified `email`. */
export async function assertEmailNotVerifiedElsewhere(db: Executor, email: string, userId: string): Promise<void> {
  const other = await db
    .selectFrom("users")
    .select("id")
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("email_verified_at", "is not", null)
    .where("id", "!=", userId)
    .executeTakeFirst();
  if (other) throw new AppError("CONFLICT", said("emailTaken"), { field: "email" });
}

/** For a query on `users`: whether another account has verified this row's email. */
export function verifiedByAnotherAccount(userId: string) {
  return sql<boolean>`exists (select 1 from users as other where lower(other.email) = lower(users.email) and other.email_verified_at is not null and other.id <> ${userId})`;
}

/** The partial unique index users_verified_email_key, hit by a race the check above lost. */
export function isVerifiedEmailTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | undefined;
  return e?.code === "23505" && (e.constraint === "users_verified_email_key" || /users_verified_email_key/.test(e.message ?? ""));
}
