import Link from "next/link";
import { getServerSession } from "next-auth";
import { formatPhone } from "@/lib/format-phone";
import { authOptions } from "@/server/auth";
import { env } from "@/server/env";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const session = await getServerSession(authOptions);
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span aria-hidden="true" className="brand-mark">◎</span> CivicLens
      </Link>
      <nav aria-label="Main">
        <Link href="/reports" className="nav-link">Reports</Link>
        {session?.user && (
          <>
            <Link href="/me/reports" className="nav-link">My reports</Link>
            <Link href="/profile" className="nav-link">Profile</Link>
            {session.user.role !== "citizen" && <Link href="/admin" className="nav-link">Admin</Link>}
            <Link href="/reports/new" className="button button-small">Report a problem</Link>
          </>
        )}
        {env().DEV_MAILBOX && (
          <Link href="/dev/mailbox" className="nav-link">
            Dev mailbox
          </Link>
        )}
        {session?.user ? (
          <span className="account" data-testid="signed-in">
            <span className="account-phone">{session.user.name ?? formatPhone(session.user.phone)}</span>
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
