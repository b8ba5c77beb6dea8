import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireSignedIn } from "@/server/auth/session";
import { mapConfig } from "@/server/config/map-config";
import { ReportForm } from "./report-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("NewReportPage");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

export default async function NewReportPage() {
  const user = await requireSignedIn("/reports/new");
  const t = await getTranslations("NewReportPage");
  return (
    <section className="narrow-wide">
      <h1>{t("title")}</h1>
      {/* Keyed by account: a tab that follows another tab's sign-in as someone else starts a fresh form. */}
      <ReportForm key={user.id} map={mapConfig()} ownerId={user.id} />
    </section>
  );
}
