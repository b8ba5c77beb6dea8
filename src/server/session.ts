import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./auth";
import { db } from "./db/client";
import type { User } from "./db/schema";
import { findActiveUser } from "./domain/users";

/** For pages that need a signed-in citizen: the user, or a trip to sign-in and back (suspended accounts too). */
export async function requireSignedIn(returnTo: string): Promise<User> {
  const user = await signedInUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in person as the database has them now, or null when signed out or suspended: the
 * session cookie's role and name are as old as the sign-in, and pages must show what the API tiers
 * enforce. Read once per render (the header and the page share it).
 */
export const signedInUser = cache(async (): Promise<User | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  return (await findActiveUser(db(), session.user.id)) ?? null;
});
