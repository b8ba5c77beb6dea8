import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminsOnly } from "../admins-only";
import { checkStaff } from "../staff";
import { UserAdmin } from "./user-admin";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("AdminMetadata");
  return { title: tMeta("users") };
}
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const who = await checkStaff();
  const t = await getTranslations("AdminPages");
  // The layout has already turned away non-staff; this page is for admins only.
  if (who.kind !== "staff" || !who.isAdmin) return <AdminsOnly heading={t("adminsOnlyHeading")} reason={t("adminsOnlyBody")} />;
  return (
    <section>
      <h1>{t("usersHeading")}</h1>
      <UserAdmin selfId={who.user.id} />
    </section>
  );
}
