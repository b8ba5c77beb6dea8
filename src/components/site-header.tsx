import Link from "next/link";
import { formatPhone } from "@/lib/format-phone";
import { env } from "@/server/env";
import { signedInUser } from "@/server/session";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  // From the database, not the cookie: a role taken away hides Admin at the next page load, and a
  // new display name shows at once.
  const user = await signedInUser();
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
