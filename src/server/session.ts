import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "./auth";

/** For pages that need a signed-in citizen: the session, or a trip to sign-in and back. */
export async function requireSignedIn(returnTo: string) {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}
