"use client";

import Link from "next/link";
import { formatDate } from "@/components/report-badges";
import { formatPhone } from "@/lib/format-phone";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";


export function ReputationHistory() {
  const { REPUTATION_REASON_LABELS, labelOf } = useLabels();
  const errorMessage = useErrorMessage();
  const me = trpc.profile.me.useQuery();
  const ledger = trpc.profile.reputation.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  if (me.error) return <p className="error">{errorMessage(me.error)}</p>;
  if (!me.data) return <p>Loading…</p>;
  const entries = ledger.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="card">
        <p>
          <strong>{me.data.name ?? "Citizen"}</strong> · <span data-testid="profile-phone">{formatPhone(me.data.phone)}</span> · member since {formatDate(me.data.memberSince)}
        </p>
        <p className="reputation">
          Reputation <strong data-testid="reputation-total">{me.data.reputation}</strong>
        </p>
      </div>
      <h2>How you earned it</h2>
      {ledger.error && <p className="error">{errorMessage(ledger.error)}</p>}
      {ledger.data && entries.length === 0 && <p className="empty">No points yet: file a report to earn your first five.</p>}
      <ul className="ledger" data-testid="ledger">
        {entries.map((e) => (
          <li key={e.id} className="card">
            <strong className={e.points >= 0 ? "points-plus" : "points-minus"}>
              {e.points >= 0 ? "+" : ""}
              {e.points}
            </strong>{" "}
            {labelOf(REPUTATION_REASON_LABELS, e.reason)}
            {e.report && (
              <>
                {" "}— <Link href={`/reports/${e.report.ref}`}>{e.report.ref}</Link> {e.report.title}
              </>
            )}
            <span className="muted"> · {formatDate(e.created_at)}</span>
          </li>
        ))}
      </ul>
      {ledger.hasNextPage && (
        <button type="button" className="button button-quiet" onClick={() => void ledger.fetchNextPage()}>Show more</button>
      )}
    </>
  );
}
