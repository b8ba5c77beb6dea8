import { useLabels } from "@/lib/labels";

export function StatusBadge({ status }: { status: string }) {
  const { STATUS_LABELS, labelOf } = useLabels();
  return (
    <span className={`status status-${status}`} data-testid="report-status">
      {labelOf(STATUS_LABELS, status)}
    </span>
  );
}

/** People read labels, not category ids ("water_supply" → "Water supply"). */
export function CategoryLabel({ category }: { category: string | null }) {
  const { CATEGORY_LABELS, labelOf } = useLabels();
  if (!category) return <span className="muted">Being sorted…</span>;
  return <span data-testid="report-category">{labelOf(CATEGORY_LABELS, category)}</span>;
}

export function PriorityBadge({ priority }: { priority: string | null }) {
  const { PRIORITY_LABELS, labelOf } = useLabels();
  if (!priority) return null;
  return <span className={`badge priority-${priority}`}>{labelOf(PRIORITY_LABELS, priority)}</span>;
}

export function formatDate(d: Date | string) {
  return new Date(d).toLocaleString("en-IN", { dateStyle: "medium", timeStyle: "short" });
}
