import type { Metadata } from "next";
import { Suspense } from "react";
import { ReportFeed } from "./report-feed";

export const metadata: Metadata = { title: "Reports in your city" };

export default function ReportsPage() {
  return (
    <section>
      <h1>Reports in your city</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <ReportFeed />
      </Suspense>
    </section>
  );
}
