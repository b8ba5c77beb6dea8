"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRef } from "react";
import { FollowButton } from "@/components/follow-button";
import { CategoryLabel, formatDate, PriorityBadge, StatusBadge } from "@/components/report-badges";
import { SupportButton, type SupportState } from "@/components/support-button";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLiveReport } from "@/lib/use-live-updates";
import type { MapConfig } from "@/shared/map-config";
import { reportRefetchInterval } from "./report-polling";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: () => <div className="map-placeholder">Loading map…</div> });

const CLOSED = new Set(["resolved", "rejected", "duplicate"]);

/** Why a signed-in person sees no support button, in their words. */
function cannotSupportReason(r: { isOwner: boolean; status: string }): string | null {
  if (r.isOwner) return "You filed this report; neighbours can add their support.";
  if (CLOSED.has(r.status)) return "This report is closed and takes no more support.";
  return null;
}

/** `signedIn`: as the server read it for this page, so a visitor is offered sign-in rather than buttons that refuse. */
export function ReportView({ idOrRef, map, signedIn }: { idOrRef: string; map: MapConfig; signedIn: boolean }) {
  const { CATEGORY_LABELS, CITIZEN_PROGRESS_LABELS, CITIZEN_WORK_LABELS, SEVERITY_LABELS, STAFF_WORK_LABELS, labelOf, timelineEntryText } = useLabels();
  const errorMessage = useErrorMessage();
  const firstPolledAt = useRef<number | null>(null);
  const utils = trpc.useUtils();
  const report = trpc.reports.byId.useQuery(
    { id: idOrRef },
    {
      // While background work is still to come or running, look again every few seconds.
      refetchInterval: (q) => {
        firstPolledAt.current ??= Date.now();
        return reportRefetchInterval(q.state.data, Date.now() - firstPolledAt.current);
      },
      retry: false,
    },
  );
  useLiveReport(idOrRef, report.isSuccess);
  if (report.error) {
    return (
      <section className="narrow">
        <h1>Report not found</h1>
        <p className="error">{errorMessage(report.error)}</p>
        <Link href="/reports">See all reports</Link>
      </section>
    );
  }
  const r = report.data;
  if (!r) return <p>Loading…</p>;
  const patch = (next: Partial<SupportState & { followedByMe: boolean }>) =>
    utils.reports.byId.setData({ id: idOrRef }, (old) => (old ? { ...old, ...next } : old));
  return (
    <article className="report" data-testid="report-page">
      <p className="muted ref">{r.ref}</p>
      <h1>{r.title}</h1>
      <div className="report-meta">
        <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{labelOf(SEVERITY_LABELS, r.severity)} severity</span>{" "}
        <PriorityBadge priority={r.priority} />
      </div>
      {r.duplicateOf && (
        <p className="notice duplicate-of" data-testid="duplicate-of">
          This is a duplicate of{" "}
          <Link href={`/reports/${r.duplicateOf.ref}`}>
            {r.duplicateOf.ref}: {r.duplicateOf.title}
          </Link>
          . Follow and support that report instead: its supporters include this one&apos;s.
        </p>
      )}
      <div className="report-actions">
        <SupportButton
          reportId={r.id}
          reportRef={r.ref}
          supportCount={r.supportCount}
          supportedByMe={r.supportedByMe}
          canSupport={r.canSupport}
          signedIn={signedIn}
          cannotReason={cannotSupportReason(r)}
          onChange={patch}
        />
        <FollowButton
          reportId={r.id}
          reportRef={r.ref}
          followedByMe={r.followedByMe}
          canFollow={r.canFollow}
          signedIn={signedIn}
          onChange={(followedByMe) => patch({ followedByMe })}
        />
      </div>
      <p className="description">{r.description}</p>
      <LocationMap config={map} value={{ latitude: r.latitude, longitude: r.longitude }} height={220} />
      <p className="muted">
        {r.address ? `${r.address} · ` : ""}
        {r.latitude.toFixed(5)}, {r.longitude.toFixed(5)} · filed {formatDate(r.createdAt)}
      </p>

      <h2>Timeline</h2>
      <ol className="timeline" data-testid="timeline">
        {r.timeline.map((t) => (
          <li key={t.id}>
            <strong>{timelineEntryText(t.kind, t.change)}</strong>
            {t.toStatus && t.kind !== "submitted" && <> → <StatusBadge status={t.toStatus} /></>}
            <span className="muted"> · {formatDate(t.createdAt)}</span>
            {t.note && <p className="note">{t.note}</p>}
          </li>
        ))}
      </ol>

      {r.triage && r.triage.classification && (
        <p className="muted" data-testid="triage-details">
          Classifier: {labelOf(CATEGORY_LABELS, r.triage.classification)} ({Math.round((r.triage.confidence ?? 0) * 100)}% sure)
          {r.triage.agreed === true && " — agreed with the category you chose"}
          {r.triage.agreed === false && " — you chose a different category, which we kept"}
          {r.triage.hazard && " · flagged as a possible hazard"}
        </p>
      )}

      {r.runs && (
        <>
          <h2>{r.viewerIsStaff ? "Background work" : "Progress"}</h2>
          {r.runs.length === 0 ? (
            <p className="muted">{r.viewerIsStaff ? "Queued — it starts as soon as the background worker picks it up." : `${CITIZEN_PROGRESS_LABELS.queued}.`}</p>
          ) : (
            <ul className="runs" data-testid="runs">
              {/* The reporter reads what is being done and how far along; staff keep the function, timing and error. */}
              {r.runs.map((run) =>
                r.isOwner && !r.viewerIsStaff ? (
                  <li key={run.runId} data-function={run.functionId} data-status={run.status}>
                    <span>{labelOf(CITIZEN_WORK_LABELS, run.functionId)}</span>
                    <span className={`status run-${run.status}`}>{labelOf(CITIZEN_PROGRESS_LABELS, run.status)}</span>
                  </li>
                ) : (
                  <li key={run.runId} data-function={run.functionId} data-status={run.status}>
                    <span>{labelOf(STAFF_WORK_LABELS, run.functionId)}</span>
                    <span className={`status run-${run.status}`}>{run.status}</span>
                    {run.durationMs !== null && <span className="muted">{run.durationMs} ms</span>}
                    {run.error && <span className="error-text">{run.error}</span>}
                  </li>
                ),
              )}
            </ul>
          )}
        </>
      )}
    </article>
  );
}
