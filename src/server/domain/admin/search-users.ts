import "server-only";
import type { Executor } from "../../db/client";
import { maskPhone } from "../phone";

/**
 * Staff-facing user search by phone digits or name. Phones are masked in the answer: an admin who
 * searches by number already knows it, and a list of names should not become a list of numbers.
 */
export async function searchUsers(db: Executor, opts: { query?: string; limit: number }) {
  let q = db
    .selectFrom("users")
    .select(["id", "phone", "name", "email", "email_verified_at", "role", "status", "reputation", "login_count", "last_login_at", "created_at"])
    // Staff first, then the most recently active.
    .orderBy((eb) => eb.case().when("role", "=", "admin").then(0).when("role", "=", "moderator").then(1).else(2).end())
    .orderBy("last_login_at", (ob) => ob.desc().nullsLast())
    .orderBy("created_at", "desc")
    .limit(opts.limit);
  const query = opts.query?.trim();
  if (query) {
    const digits = query.replace(/\D/g, "");
    const like = `%${query.replace(/[%_\\]/g, "\\$&")}%`;
    q = q.where((eb) => eb.or([eb("name", "ilike", like), eb("email", "ilike", like), ...(digits.length >= 3 ? [eb("phone", "like", `%${digits}%`)] : [])]));
  }
  const rows = await q.execute();
  return rows.map(({ phone, email_verified_at, ...u }) => ({ ...u, phone: maskPhone(phone), emailVerified: email_verified_at !== null }));
}
