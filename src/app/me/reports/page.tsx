import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PendingReports } from "@/components/pending-reports";
import { requireSignedIn } from "@/server/auth/session";
import { MyReports } from "./my-reports";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("MyReports");
  return { title: tMeta("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function MyReportsPage() {
  const user = await requireSignedIn("/me/reports");
  const t = await getTranslations("MyReports");
  return (
    <section>
      <h1>{t("heading")}</h1>
      <PendingReports ownerId={user.id} />
      <MyReports />
    </section>
  );
}
