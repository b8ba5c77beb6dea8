import "server-only";
import type { User } from "@/server/db/schema";
import { signedInUser } from "@/server/auth/session";

export type StaffCheck = { kind: "anonymous" } | { kind: "forbidden"; user: User } | { kind: "staff"; user: User; isAdmin: boolean };

/**
 * Who is looking at an admin page, by the role in the database (not the one in the session cookie,
 * which is as old as the sign-in): the same rule the API tiers apply.
 */
export async function checkStaff(): Promise<StaffCheck> {
  const user = await signedInUser();
  if (!user) return { kind: "anonymous" };
  if (user.role === "citizen") return { kind: "forbidden", user };
  return { kind: "staff", user, isAdmin: user.role === "admin" };
}
