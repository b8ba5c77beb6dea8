import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminsOnly } from "../admins-only";
import { checkStaff } from "../staff";
import { Open311Keys } from "./open311-keys";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AdminOpen311Page");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

export default async function Open311Page() {
  const who = await checkStaff();
  const t = await getTranslations("AdminOpen311Page");
  // The layout has already turned away non-staff; keys are for admins only.
  if (who.kind !== "staff" || !who.isAdmin) return <AdminsOnly heading={t("adminsOnlyHeading")} reason={t("adminsOnlyBody")} />;
  return (
    <section>
      <h1>{t("heading")}</h1>
      <p className="muted">{t("intro")}</p>
      <Open311Keys />
    </section>
  );
}
