import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { CategoryLabel, PriorityBadge, StatusBadge } from "./report-badges";
import { SupportCount } from "./support-count";

/** A public report as reports.feed lists it. */
export interface FeedItem {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string | null;
  severity: string;
  priority: string | null;
  address: string | null;
  createdAt: Date;
  supportCount: number;
}

/**
 * The public list of reports: the accessible alternative to the map (plain links, read in order,
 * no map needed), with a button that loads the next page where the keyboard already is.
 */
export function FeedList(props: { items: FeedItem[]; hasMore: boolean; loadingMore: boolean; onMore: () => void }) {
  const t = useTranslations("ReportCard");
  const format = useFormatter();
  return (
    <>
      <ul className="report-list" data-testid="feed">
        {props.items.map((r) => (
          <li key={r.id} className="card report-item" data-ref={r.ref}>
            <Link href={`/reports/${r.ref}`} className="report-title">
              {r.title}
            </Link>
            <div className="report-meta">
              <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <PriorityBadge priority={r.priority} />{" "}
              <SupportCount count={r.supportCount} />
            </div>
            <p className="muted">
              {r.ref} · {format.dateTime(new Date(r.createdAt), "dateTime")}
              {r.address ? ` · ${r.address}` : ""}
            </p>
          </li>
        ))}
      </ul>
      {props.hasMore && (
        <button type="button" className="button button-quiet" onClick={props.onMore} disabled={props.loadingMore}>
          {props.loadingMore ? t("loading") : t("loadMore")}
        </button>
      )}
    </>
  );
}
