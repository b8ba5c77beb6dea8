import type { Metadata } from "next";
import { requireSignedIn } from "@/server/auth/session";
import { MyReports } from "./my-reports";

export const metadata: Metadata = { title: "My reports" };
export const dynamic = "force-dynamic";

export default async function MyReportsPage() {
  await requireSignedIn("/me/reports");
  return (
    <section>
      <h1>My reports</h1>
      <MyReports />
    </section>
  );
}
