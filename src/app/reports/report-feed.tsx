"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ReportList } from "@/components/report-list";
import { errorMessage, trpc } from "@/lib/trpc";
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, type Category, type Status } from "@/shared/report-catalog";

const AREAS: Record<string, { label: string; bbox?: { south: number; west: number; north: number; east: number } }> = {
  "": { label: "Everywhere" },
  near: { label: "Near me (about 5 km)" },
};

export function ReportFeed() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const status = (params.get("status") || undefined) as Status | undefined;
  const category = (params.get("category") || undefined) as Category | undefined;
  const near = params.get("near"); // "lat,lng" when the citizen asked for reports around them
  const [lat, lng] = near ? near.split(",").map(Number) : [];
  const bbox = lat !== undefined && lng !== undefined && Number.isFinite(lat) && Number.isFinite(lng)
    ? { south: lat - 0.045, north: lat + 0.045, west: lng - 0.05, east: lng + 0.05 }
    : undefined;

  const q = trpc.reports.feed.useInfiniteQuery({ status, category, bbox, limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined });

  function setParam(key: string, value: string | null) {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`);
  }

  function nearMe(on: boolean) {
    if (!on) return setParam("near", null);
    navigator.geolocation?.getCurrentPosition(
      (p) => setParam("near", `${p.coords.latitude.toFixed(4)},${p.coords.longitude.toFixed(4)}`),
      () => alert("Could not get your location; showing reports everywhere."),
    );
  }

  const items = q.data?.pages.flatMap((p) => p.items.map((r) => ({ ...r, created_at: r.createdAt }))) ?? [];
  return (
    <>
      <div className="filters card">
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => setParam("status", e.target.value || null)}>
            <option value="">All open and closed</option>
            {STATUSES.filter((s) => s !== "rejected").map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={category ?? ""} onChange={(e) => setParam("category", e.target.value || null)}>
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
            ))}
          </select>
        </label>
        <label>
          Area
          <select value={near ? "near" : ""} onChange={(e) => nearMe(e.target.value === "near")}>
            {Object.entries(AREAS).map(([k, a]) => (
              <option key={k} value={k}>{a.label}</option>
            ))}
          </select>
        </label>
      </div>
      {q.error && <p className="error">{errorMessage(q.error)}</p>}
      {q.data && items.length === 0 && <p className="empty">No reports match these filters yet.</p>}
      {items.length > 0 && (
        <ReportList items={items} hasMore={!!q.hasNextPage} loadingMore={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} testId="feed" />
      )}
    </>
  );
}
