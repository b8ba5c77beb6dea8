import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { HomePendingReports } from "@/components/pending-reports-home";
import { formatPhone } from "@/lib/format-phone";
import { signInPath } from "@/lib/return-path";
import { signedInUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

export default async function HomePage() {
  // A session that was signed out or ended elsewhere is not welcomed; with the database down, the
  // page still renders, as for a visitor.
  const user = await signedInUser().catch(() => null);
  const t = await getTranslations("Home");
  return (
    <section className="hero">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {user && <HomePendingReports ownerId={user.id} />}
      {user ? (
        <div className="card" data-testid="welcome">
          <h2>{user.name ? t("welcomeName", { name: user.name }) : t("welcome")}</h2>
          <p>{t.rich("signedInAs", { phone: formatPhone(user.phone), strong })}</p>
          <div className="row">
            <Link className="button" href="/reports/new">{t("reportProblem")}</Link>
            <Link className="button button-quiet" href="/me/reports">{t("myReports")}</Link>
          </div>
        </div>
      ) : (
        <div className="card">
          <h2>{t("reportProblem")}</h2>
          <p>{t("signInFirst")}</p>
          <div className="row">
            <Link className="button" href={signInPath("/reports/new")} data-testid="report-a-problem">
              {t("reportProblem")}
            </Link>
            <Link className="button button-quiet" href="/signin">
              {t("signIn")}
            </Link>
          </div>
        </div>
      )}
      <p>
        <Link href="/reports">{t("mapLink")}</Link> {t("mapHint")}
      </p>
      <ol className="steps">
        <li>{t.rich("stepReport", { strong })}</li>
        <li>{t.rich("stepTrack", { strong })}</li>
        <li>{t.rich("stepEarn", { strong })}</li>
      </ol>
    </section>
  );
}
