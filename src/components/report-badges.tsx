import { CATEGORY_LABELS, PRIORITY_LABELS, STATUS_LABELS, labelOf } from "@/lib/labels";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status status-${status}`} data-testid="report-status">
      {labelOf(STATUS_LABELS, status)}
    </span>
  );
}

/** "water_supply" -> "Water supply": people read labels, not category ids. */
export function categoryLabel(category: string): string {
  return labelOf(CATEGORY_LABELS, category);
}

export function CategoryLabel({ category }: { category: string | null }) {
  if (!category) return <span className="muted">Being sorted…</span>;
  return <span data-testid="report-category">{categoryLabel(category)}</span>;
}

export function PriorityBadge({ priority }: { priority: string | null }) {
  if (!priority) return null;
  return <span className={`badge priority-${priority}`}>{labelOf(PRIORITY_LABELS, priority)}</span>;
}

export function formatDate(d: Date | string) {
  return new Date(d).toLocaleString("en-IN", { dateStyle: "medium", timeStyle: "short" });
}
