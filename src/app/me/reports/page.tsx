import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth";
import { MyReports } from "./my-reports";

export const metadata: Metadata = { title: "My reports" };
export const dynamic = "force-dynamic";

export default async function MyReportsPage() {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect("/signin?callbackUrl=/me/reports");
  return (
    <section>
      <h1>My reports</h1>
      <MyReports />
    </section>
  );
}
