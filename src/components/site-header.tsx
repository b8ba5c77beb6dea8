import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatPhone } from "@/lib/format-phone";
import { LOCALE_NAMES, LOCALES, localeOfIntl } from "@/shared/locales";
import type { ViewerSummary } from "@/shared/viewer";
import { HeaderMenu } from "./header-menu";
import { LocaleSwitcher } from "./locale-switcher";
import { SignOutButton } from "./sign-out-button";

/**
 * Drawn from what the server read for this request (src/server/auth/viewer.ts), so it imports
 * nothing server-side. One row on a phone: the name, the language and the Menu button, which opens
 * the navigation; on wider screens the navigation sits in the row itself.
 */
export function SiteHeader({ viewer }: { viewer: ViewerSummary }) {
  const t = useTranslations("Header");
  const tSwitch = useTranslations("LocaleSwitcher");
  const tOpenData = useTranslations("OpenData");
  const current = localeOfIntl(useLocale());
  const other = LOCALES.find((l) => l !== current) ?? current;
  const { user } = viewer;
  return (
    <header className="site-header">
      <Link href="/" className="brand" aria-label={t("home")}>
        <span aria-hidden="true" className="brand-mark">◎</span> CivicLens
      </Link>
      <div className="header-tools">
        <LocaleSwitcher current={current} title={tSwitch("switchTo", { language: LOCALE_NAMES[other] })} />
        <HeaderMenu label={t("menu")}>
          <nav aria-label={t("navLabel")}>
            <Link href="/reports" className="nav-link">{t("reports")}</Link>
            <Link href="/stats" className="nav-link">{tOpenData("headerLink")}</Link>
            {user && (
              <>
                <Link href="/me/reports" className="nav-link">{t("myReports")}</Link>
                <Link href="/profile" className="nav-link">{t("profile")}</Link>
                {user.role !== "citizen" && <Link href="/admin" className="nav-link">{t("admin")}</Link>}
              </>
            )}
            {/* Everyone may start a report; a visitor signs in first and comes back to the form. */}
            <Link href={user ? "/reports/new" : `/signin?callbackUrl=${encodeURIComponent("/reports/new")}`} className="button button-small">
              {t("reportProblem")}
            </Link>
            {viewer.devMailbox && (
              <Link href="/dev/mailbox" className="nav-link">
                {t("devMailbox")}
              </Link>
            )}
            {user ? (
              <span className="account" data-testid="signed-in">
                <span className="account-phone">{user.name ?? formatPhone(user.phone)}</span>
                <SignOutButton label={t("signOut")} pendingLabel={t("signingOut")} />
              </span>
            ) : (
              <Link href="/signin" className="button button-small">
                {t("signIn")}
              </Link>
            )}
          </nav>
        </HeaderMenu>
      </div>
    </header>
  );
}
