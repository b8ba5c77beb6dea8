import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { checkStaff } from "../staff";
import { ServiceLevelsAdmin } from "./service-levels-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ServiceLevelsPage");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/** Targets (admins edit them), compliance per category and the overdue list (every moderator). The layout turned away non-staff. */
export default async function ServiceLevelsPage() {
  const who = await checkStaff();
  const t = await getTranslations("ServiceLevelsPage");
  return (
    <section>
      <h1>{t("heading")}</h1>
      <p className="muted">{t("intro")}</p>
      <ServiceLevelsAdmin canEdit={who.kind === "staff" && who.isAdmin} />
    </section>
  );
}
