import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { signedInUser } from "@/server/auth/session";
import { mapConfig } from "@/server/config/map-config";
import { ReportView } from "./report-view";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }): Promise<Metadata> {
  const t = await getTranslations("ReportPage");
  return { title: t("title", { ref: decodeURIComponent((await params).ref) }) };
}

export default async function ReportPage({ params }: { params: Promise<{ ref: string }> }) {
  const { ref } = await params;
  // With the database down the page still renders, as for a visitor (its query then says what failed).
  const user = await signedInUser().catch(() => null);
  return <ReportView idOrRef={decodeURIComponent(ref)} map={mapConfig()} signedIn={user !== null} />;
}
