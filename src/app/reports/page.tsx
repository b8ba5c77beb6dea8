import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { parseExplorerParams } from "@/lib/map-view";
import { mapConfig } from "@/server/config/map-config";
import { ReportExplorer } from "./report-explorer";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ReportsPage");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

/** The public map and list. Read from the address on the server, so the first paint is already the shared view. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const config = mapConfig();
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) if (typeof value === "string") params.set(key, value);
  const initial = parseExplorerParams(params, { center: config.center, zoom: config.zoom });
  const t = await getTranslations("ReportsPage");
  return (
    <section className="explorer-page">
      <h1>{t("title")}</h1>
      <ReportExplorer config={config} initial={initial} />
    </section>
  );
}
