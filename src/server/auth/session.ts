import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { sessionFromHeaders } from "./auth-options";
import { db } from "../db/client";
import type { User } from "../db/schema";
import { findSessionUser } from "../domain/users";

/** For pages that need a signed-in citizen: the user, or a trip to sign-in and back (suspended accounts too). */
export async function requireSignedIn(returnTo: string): Promise<User> {
  const user = await signedInUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in person as the database has them now, or null when signed out (here or everywhere),
 * suspended, or their session was ended by a role change: the
 * session cookie's role and name are as old as the sign-in, and pages must show what the API tiers
 * enforce. Read once per render (the header and the page share it).
 */
export const signedInUser = cache(async (): Promise<User | null> => {
  const session = await sessionFromHeaders(await headers());
  if (!session?.user?.id || !session.sid || session.epoch === undefined) return null;
  return (await findSessionUser(db(), { userId: session.user.id, sid: session.sid, epoch: session.epoch })) ?? null;
});
