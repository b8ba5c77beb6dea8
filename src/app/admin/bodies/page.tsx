import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { mapConfig } from "@/server/config/map-config";
import { AdminsOnly } from "../admins-only";
import { checkStaff } from "../staff";
import { BodyAdmin } from "./body-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AdminBodies");
  return { title: t("heading") };
}
export const dynamic = "force-dynamic";

export default async function BodiesPage() {
  const who = await checkStaff();
  const t = await getTranslations("AdminBodies");
  // The layout has already turned away non-staff; defining bodies is for admins only.
  if (who.kind !== "staff" || !who.isAdmin) return <AdminsOnly heading={t("adminsOnlyHeading")} reason={t("adminsOnlyBody")} />;
  return (
    <section>
      <h1>{t("heading")}</h1>
      <p className="muted">{t("intro")}</p>
      <BodyAdmin map={mapConfig()} />
    </section>
  );
}
