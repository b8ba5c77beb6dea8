import Link from "next/link";
import { useLabels } from "@/lib/labels";
import { CategoryLabel, formatDate, PriorityBadge, StatusBadge } from "./report-badges";

interface Item {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string | null;
  severity: string;
  priority: string | null;
  address: string | null;
  created_at: Date;
}

export function ReportList(props: { items: Item[]; hasMore: boolean; loadingMore: boolean; onMore: () => void; testId: string }) {
  const { SEVERITY_LABELS, labelOf } = useLabels();
  return (
    <>
      <ul className="report-list" data-testid={props.testId}>
        {props.items.map((r) => (
          <li key={r.id} className="card report-item" data-ref={r.ref}>
            <Link href={`/reports/${r.ref}`} className="report-title">{r.title}</Link>
            <div className="report-meta">
              <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{labelOf(SEVERITY_LABELS, r.severity)}</span>{" "}
              <PriorityBadge priority={r.priority} />
            </div>
            <p className="muted">
              {r.ref} · {formatDate(r.created_at)}
              {r.address ? ` · ${r.address}` : ""}
            </p>
          </li>
        ))}
      </ul>
      {props.hasMore && (
        <button type="button" className="button button-quiet" onClick={props.onMore} disabled={props.loadingMore}>
          {props.loadingMore ? "Loading…" : "Show more"}
        </button>
      )}
    </>
  );
}
