import Link from "next/link";
import { getServerSession } from "next-auth";
import { formatPhone } from "@/lib/format-phone";
import { authOptions } from "@/server/auth";
import type { User } from "@/server/db/schema";
import { env } from "@/server/env";
import { signedInUser } from "@/server/session";

type HeaderUser = Pick<User, "role" | "name" | "phone">;

/**
 * From the database, not the cookie: a role taken away hides Admin at the next page load, and a new
 * display name shows at once. With the database unreachable, the cookie's view, so that every page
 * does not fail with it (the pages and calls that need the database say so themselves).
 */
async function headerUser(): Promise<HeaderUser | null> {
  try {
    return await signedInUser();
  } catch {
    const claims = (await getServerSession(authOptions))?.user;
    return claims ? { role: claims.role, name: claims.name ?? null, phone: claims.phone } : null;
  }
}
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const user = await headerUser();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span aria-hidden="true" className="brand-mark">◎</span> CivicLens
      </Link>
      <nav aria-label="Main">
        <Link href="/reports" className="nav-link">Reports</Link>
        {user && (
          <>
            <Link href="/me/reports" className="nav-link">My reports</Link>
            <Link href="/profile" className="nav-link">Profile</Link>
            {user.role !== "citizen" && <Link href="/admin" className="nav-link">Admin</Link>}
            <Link href="/reports/new" className="button button-small">Report a problem</Link>
          </>
        )}
        {env().DEV_MAILBOX && (
          <Link href="/dev/mailbox" className="nav-link">
            Dev mailbox
          </Link>
        )}
        {user ? (
          <span className="account" data-testid="signed-in">
            <span className="account-phone">{user.name ?? formatPhone(user.phone)}</span>
            <SignOutButton />
          </span>
        ) : (
          <Link href="/signin" className="button button-small">
            Sign in
          </Link>
        )}
      </nav>
    </header>
  );
}
