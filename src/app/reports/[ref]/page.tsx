import type { Metadata } from "next";
import { mapConfig } from "@/server/config/map-config";
import { ReportView } from "./report-view";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }): Promise<Metadata> {
  return { title: `Report ${decodeURIComponent((await params).ref)}` };
}

export default async function ReportPage({ params }: { params: Promise<{ ref: string }> }) {
  const { ref } = await params;
  return <ReportView idOrRef={decodeURIComponent(ref)} map={mapConfig()} />;
}
