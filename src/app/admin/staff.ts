import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth";
import { db } from "@/server/db/client";
import type { User } from "@/server/db/schema";
import { findUserById } from "@/server/domain/users";

export type StaffCheck = { kind: "anonymous" } | { kind: "forbidden"; user: User } | { kind: "staff"; user: User; isAdmin: boolean };

/**
 * Who is looking at an admin page, by the role in the database (not the one in the session cookie,
 * which is as old as the sign-in): the same rule the API tiers apply.
 */
export async function checkStaff(): Promise<StaffCheck> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return { kind: "anonymous" };
  const user = await findUserById(db(), session.user.id);
  if (!user || user.status !== "active") return { kind: "anonymous" };
  if (user.role === "citizen") return { kind: "forbidden", user };
  return { kind: "staff", user, isAdmin: user.role === "admin" };
}
