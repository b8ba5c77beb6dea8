"use client";

import { keepPreviousData, skipToken } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDistance } from "@/lib/map-view";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { CATEGORIES, type Category } from "@/shared/report-catalog";
import { StatusBadge } from "./report-badges";
import { SupportCount } from "./support-count";

/** An open report near the point being filed (reports.similar). */
export interface SimilarReport {
  id: string;
  ref: string;
  title: string;
  status: string;
  distanceMeters: number;
  supportCount: number;
}

interface Props {
  point: { latitude: number; longitude: number } | null;
  title: string;
  category: string;
  /** Hidden after "Mine is different" (the form keeps this, and clears it for its next report). */
  dismissed: boolean;
  onDismiss: () => void;
  /** After "Support this instead" went through: the form leaves for that report. */
  onSupported: (ref: string) => void;
}

const MAX_TITLE = 120;

/**
 * Reports already filed near here that may be the same problem, asked for once a location is set
 * and again when the title settles. Offered, never in the way: typing goes on while they load, a
 * failure to load them shows nothing, and they are announced politely.
 */
export function SimilarReports({ point, title, category, dismissed, onDismiss, onSupported }: Props) {
  const errorMessage = useErrorMessage();
  const [supporting, setSupporting] = useState<string | null>(null);
  const asked = useDebouncedValue(
    point ? { latitude: point.latitude, longitude: point.longitude, title: title.trim().slice(0, MAX_TITLE), category: CATEGORIES.includes(category as Category) ? (category as Category) : undefined } : null,
    400,
  );
  const similar = trpc.reports.similar.useQuery(asked && !dismissed ? asked : skipToken, {
    placeholderData: keepPreviousData,
    retry: false,
  });
  const support = trpc.reports.support.useMutation({
    onSuccess: (_r, input) => {
      const chosen = items.find((i) => i.id === input.reportId);
      if (chosen) onSupported(chosen.ref);
    },
    onSettled: () => setSupporting(null),
  });

  const items: SimilarReport[] = point && !dismissed ? ((similar.data?.items ?? []) as SimilarReport[]).slice(0, 5) : [];
  const announcement =
    items.length === 0 ? "" : `${items.length} ${items.length === 1 ? "report" : "reports"} nearby may be the same problem.`;

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="similar-announcement">
        {announcement}
      </p>
      {items.length > 0 && (
        <section className="card similar" aria-labelledby="similar-heading" data-testid="similar">
          <h2 id="similar-heading">Already reported nearby?</h2>
          <p className="hint">
            If one of these is your problem, support it instead: one report with many supporters gets fixed sooner than many reports.
          </p>
          <ul className="similar-list">
            {items.map((r) => (
              <li key={r.id} data-ref={r.ref}>
                <div>
                  <Link href={`/reports/${r.ref}`} className="report-title" target="_blank">
                    {r.title}
                  </Link>
                  <div className="report-meta">
                    <span>{formatDistance(r.distanceMeters)} away</span> <StatusBadge status={r.status} /> <SupportCount count={r.supportCount} />
                  </div>
                </div>
                <button
                  type="button"
                  className="button button-small"
                  disabled={support.isPending}
                  onClick={() => {
                    setSupporting(r.id);
                    support.mutate({ reportId: r.id });
                  }}
                >
                  {supporting === r.id ? "Supporting…" : "Support this instead"}
                  <span className="visually-hidden">: {r.title}</span>
                </button>
              </li>
            ))}
          </ul>
          {support.error && (
            <p className="error" role="alert">
              {errorMessage(support.error)}
            </p>
          )}
          <button type="button" className="button button-quiet" onClick={onDismiss}>
            Mine is different
          </button>
        </section>
      )}
    </>
  );
}
