import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./auth";
import { db } from "./db/client";
import type { User } from "./db/schema";
import { findUserById } from "./domain/users";

/** For pages that need a signed-in citizen: the session, or a trip to sign-in and back. */
export async function requireSignedIn(returnTo: string) {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}

/**
 * The signed-in person as the database has them now, or null when signed out or suspended: the
 * session cookie's role and name are as old as the sign-in, and pages must show what the API tiers
 * enforce. Read once per render (the header and the page share it).
 */
export const signedInUser = cache(async (): Promise<User | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const user = await findUserById(db(), session.user.id);
  return user && user.status === "active" ? user : null;
});
