import { useTranslations } from "next-intl";
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
  const t = useTranslations("ReportCard");
  if (!category) return <span className="muted">{t("beingSorted")}</span>;
  return <span data-testid="report-category">{labelOf(CATEGORY_LABELS, category)}</span>;
}

export function PriorityBadge({ priority }: { priority: string | null }) {
  const { PRIORITY_LABELS, labelOf } = useLabels();
  if (!priority) return null;
  return <span className={`badge priority-${priority}`}>{labelOf(PRIORITY_LABELS, priority)}</span>;
}

/**
 * A date and time as the admin and profile pages still show it, always in English.
 * @deprecated Use next-intl's formatter: `useFormatter().dateTime(date, "dateTime")` (src/i18n/formats.ts).
 */
export function formatDate(d: Date | string) {
  return new Date(d).toLocaleString("en-IN", { dateStyle: "medium", timeStyle: "short" });
}
