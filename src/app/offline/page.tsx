import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("Offline");
  return { title: tMeta("metaTitle") };
}

/** What the service worker shows for a page it does not keep when there is no connection. */
export default async function OfflinePage() {
  const t = await getTranslations("Offline");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <p>{t("needsConnection")}</p>
      <p>{t("stillReport")}</p>
      <div className="row">
        <Link className="button" href="/reports/new">
          {t("reportProblem")}
        </Link>
        <Link className="button button-quiet" href="/">
          {t("home")}
        </Link>
      </div>
    </section>
  );
}
