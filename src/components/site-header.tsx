import Link from "next/link";
import { formatPhone } from "@/lib/format-phone";
import type { ViewerSummary } from "@/shared/viewer";
import { SignOutButton } from "./sign-out-button";

/** Drawn from what the server read for this request (src/server/auth/viewer.ts), so it imports nothing server-side. */
export function SiteHeader({ viewer }: { viewer: ViewerSummary }) {
  const { user } = viewer;
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
          </>
        )}
        {/* Everyone may start a report; a visitor signs in first and comes back to the form. */}
        <Link href={user ? "/reports/new" : `/signin?callbackUrl=${encodeURIComponent("/reports/new")}`} className="button button-small">
          Report a problem
        </Link>
        {viewer.devMailbox && (
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
