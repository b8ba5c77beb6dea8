import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth";
import { mapConfig } from "@/server/map-config";
import { ReportForm } from "./report-form";

export const metadata: Metadata = { title: "Report a problem" };
export const dynamic = "force-dynamic";

export default async function NewReportPage() {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect("/signin?callbackUrl=/reports/new");
  return (
    <section className="narrow-wide">
      <h1>Report a problem</h1>
      <ReportForm map={mapConfig()} />
    </section>
  );
}
