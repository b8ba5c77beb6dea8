import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { IntlClientProvider } from "@/i18n/intl-client-provider";
import { Providers } from "@/lib/trpc";
import { checkStaff } from "./staff";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("AdminMetadata");
  return { title: { default: tMeta("moderation"), template: tMeta("template") } };
}
export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const who = await checkStaff();
  if (who.kind === "anonymous") redirect("/signin?callbackUrl=/admin");
  const t = await getTranslations("AdminLayout");
  const tOpen311 = await getTranslations("AdminOpen311Nav");
  const tServiceLevels = await getTranslations("ServiceLevelsPage");
  if (who.kind === "forbidden") {
    return (
      <section className="narrow" data-testid="admin-forbidden">
        <h1>{t("forbiddenHeading")}</h1>
        <p>{t("forbiddenBody")}</p>
        <Link className="button" href="/">{t("back")}</Link>
      </section>
    );
  }
  const tBodies = await getTranslations("Bodies");
  const roles = { moderator: t("roleModerator"), admin: t("roleAdmin") };
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t("navLabel")}>
        <Link href="/admin">{t("queue")}</Link>
        <Link href="/admin/audit">{t("audit")}</Link>
        <Link href="/admin/tasks">{t("tasks")}</Link>
        <Link href="/admin/service-levels">{tServiceLevels("nav")}</Link>
        {who.isAdmin && <Link href="/admin/users">{t("users")}</Link>}
        {who.isAdmin && <Link href="/admin/bodies">{tBodies("navLink")}</Link>}
        {who.isAdmin && <Link href="/admin/open311">{tOpen311("link")}</Link>}
        <span className="muted admin-role">{who.isAdmin ? roles.admin : roles.moderator}</span>
      </nav>
      {/* The dashboard calls the API from the browser: the tRPC client and the client translations are loaded here, not on every page (root layout). */}
      <IntlClientProvider>
        <Providers>{children}</Providers>
      </IntlClientProvider>
    </div>
  );
}
