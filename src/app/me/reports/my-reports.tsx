"use client";

import Link from "next/link";
import { ReportList } from "@/components/report-list";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLiveMyReports } from "@/lib/use-live-updates";

export function MyReports() {
  const errorMessage = useErrorMessage();
  const q = trpc.reports.mine.useInfiniteQuery(
    { limit: 20 },
    {
      getNextPageParam: (p) => p.nextCursor ?? undefined,
      // New reports are sorted within seconds; keep the list fresh while any is still being sorted.
      refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => r.status === "submitted")) ? 2_000 : false),
    },
  );
  useLiveMyReports();
  if (q.error) return <p className="error">{errorMessage(q.error)}</p>;
  if (!q.data) return <p>Loading…</p>;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <div className="card">
        <p>You have not reported anything yet.</p>
        <Link className="button" href="/reports/new">Report a problem</Link>
      </div>
    );
  }
  return <ReportList items={items} hasMore={!!q.hasNextPage} loadingMore={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} testId="my-reports" />;
}
