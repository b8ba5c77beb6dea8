import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { IntlClientProvider } from "@/i18n/intl-client-provider";
import { Providers } from "@/lib/trpc";
import { checkStaff } from "./staff";

export const metadata: Metadata = { title: { default: "Moderation", template: "%s · Moderation · CivicLens" } };
export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const who = await checkStaff();
  if (who.kind === "anonymous") redirect("/signin?callbackUrl=/admin");
  if (who.kind === "forbidden") {
    return (
      <section className="narrow" data-testid="admin-forbidden">
        <h1>403 — staff only</h1>
        <p>The moderation dashboard is for CivicLens moderators and admins. If you should have access, ask an admin to give your account the moderator role.</p>
        <Link className="button" href="/">Back to CivicLens</Link>
      </section>
    );
  }
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label="Moderation">
        <Link href="/admin">Queue</Link>
        <Link href="/admin/audit">Audit log</Link>
        <Link href="/admin/tasks">Background tasks</Link>
        {who.isAdmin && <Link href="/admin/users">Users</Link>}
        <span className="muted admin-role">{who.user.role}</span>
      </nav>
      {/* The dashboard calls the API and translates in the browser: the tRPC client and the translations are loaded here, not on every page (root layout). */}
      <IntlClientProvider>
        <Providers>{children}</Providers>
      </IntlClientProvider>
    </div>
  );
}
