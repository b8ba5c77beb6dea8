import type { Metadata } from "next";
import { PendingReports } from "@/components/pending-reports";
import { requireSignedIn } from "@/server/auth/session";
import { MyReports } from "./my-reports";

export const metadata: Metadata = { title: "My reports" };
export const dynamic = "force-dynamic";

export default async function MyReportsPage() {
  const user = await requireSignedIn("/me/reports");
  return (
    <section>
      <h1>My reports</h1>
      <PendingReports ownerId={user.id} />
      <MyReports />
    </section>
  );
}
