import Link from "next/link";
import { PendingReports } from "@/components/pending-reports";
import { formatPhone } from "@/lib/format-phone";
import { signInPath } from "@/lib/return-path";
import { signedInUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // A session that was signed out or ended elsewhere is not welcomed; with the database down, the
  // page still renders, as for a visitor.
  const user = await signedInUser().catch(() => null);
  return (
    <section className="hero">
      <h1>See a problem in your city? Report it, and follow it to the fix.</h1>
      <p className="lead">
        Potholes, overflowing garbage, broken streetlights, blocked drains: CivicLens sends your report to the people who
        fix them, and shows you every step until it is resolved.
      </p>
      {user && <PendingReports ownerId={user.id} />}
      {user ? (
        <div className="card" data-testid="welcome">
          <h2>Welcome{user.name ? `, ${user.name}` : ""}</h2>
          <p>
            You are signed in as <strong>{formatPhone(user.phone)}</strong>. Your session lasts 30 days on this device; sign out
            from the top bar on shared phones.
          </p>
          <div className="row">
            <Link className="button" href="/reports/new">Report a problem</Link>
            <Link className="button button-quiet" href="/me/reports">My reports</Link>
          </div>
        </div>
      ) : (
        <div className="card">
          <h2>Report a problem</h2>
          <p>
            Sign in with your phone first: no password, we text you a six-digit code. Your number is only used to sign you in and to
            tell you about your reports. You come straight back to the form.
          </p>
          <div className="row">
            <Link className="button" href={signInPath("/reports/new")} data-testid="report-a-problem">
              Report a problem
            </Link>
            <Link className="button button-quiet" href="/signin">
              Sign in
            </Link>
          </div>
        </div>
      )}
      <p>
        <Link href="/reports">See the map of what your neighbours have reported →</Link> If it is already there, add your support
        instead of filing it again.
      </p>
      <ol className="steps">
        <li><strong>Report</strong> what you see, where it is, and how serious it is.</li>
        <li><strong>Track</strong> it as moderators review, assign and resolve it.</li>
        <li><strong>Earn</strong> reputation for reports that help your city.</li>
      </ol>
    </section>
  );
}
