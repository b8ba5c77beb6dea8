import type { Metadata } from "next";
import { requireSignedIn } from "@/server/auth/session";
import { mapConfig } from "@/server/config/map-config";
import { ReportForm } from "./report-form";

export const metadata: Metadata = { title: "Report a problem" };
export const dynamic = "force-dynamic";

export default async function NewReportPage() {
  const user = await requireSignedIn("/reports/new");
  return (
    <section className="narrow-wide">
      <h1>Report a problem</h1>
      {/* Keyed by account: a tab that follows another tab's sign-in as someone else starts a fresh form. */}
      <ReportForm key={user.id} map={mapConfig()} ownerId={user.id} />
    </section>
  );
}
