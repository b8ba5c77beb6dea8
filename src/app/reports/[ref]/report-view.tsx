"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { ServiceLevelExpected } from "@/components/service-level-expected";
import { useFormatter, useTranslations } from "next-intl";
import { useRef } from "react";
import { BodyBadge, BodyChangeHeading } from "@/components/body-labels";
import { FollowButton } from "@/components/follow-button";
import { ReportPhotos } from "@/components/photos/report-photos";
import { ReportUpdates } from "@/components/updates/report-updates";
import { useRunStatusLabel } from "@/lib/run-status";
import { CategoryLabel, PriorityBadge, StatusBadge } from "@/components/report-badges";
import { SupportButton, type SupportState } from "@/components/support-button";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLiveReport } from "@/lib/use-live-updates";
import type { MapConfig } from "@/shared/map-config";
import { reportRefetchInterval } from "./report-polling";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: MapLoading });

function MapLoading() {
  const t = useTranslations("ReportView");
  return <div className="map-placeholder">{t("loadingMap")}</div>;
}

const CLOSED = new Set(["resolved", "rejected", "duplicate"]);

/** `signedIn`: as the server read it for this page, so a visitor is offered sign-in rather than buttons that refuse. */
export function ReportView({ idOrRef, map, signedIn }: { idOrRef: string; map: MapConfig; signedIn: boolean }) {
  const runStatus = useRunStatusLabel();
  const { CATEGORY_LABELS, CITIZEN_PROGRESS_LABELS, CITIZEN_WORK_LABELS, SEVERITY_LABELS, STAFF_WORK_LABELS, labelOf, timelineEntryText, timelineNote } = useLabels();
  const errorMessage = useErrorMessage();
  const t = useTranslations("ReportView");
  const tChannel = useTranslations("Open311Channel");
  const format = useFormatter();
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
        <h1>{t("notFound")}</h1>
        <p className="error">{errorMessage(report.error)}</p>
        <Link href="/reports">{t("seeAll")}</Link>
      </section>
    );
  }
  const r = report.data;
  if (!r) return <p>{t("loading")}</p>;
  // Why a signed-in person sees no support button, in their words.
  const duplicateOf = r.duplicateOf;
  const cannotSupportReason = r.isOwner ? t("cannotSupportOwn") : CLOSED.has(r.status) ? t("cannotSupportClosed") : null;
  const patch = (next: Partial<SupportState & { followedByMe: boolean }>) =>
    utils.reports.byId.setData({ id: idOrRef }, (old) => (old ? { ...old, ...next } : old));
  return (
    <article className="report" data-testid="report-page">
      <p className="muted ref">{r.ref}</p>
      <h1>{r.title}</h1>
      <div className="report-meta">
        <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{t("severity", { severity: labelOf(SEVERITY_LABELS, r.severity) })}</span>{" "}
        <PriorityBadge priority={r.priority} />
      </div>
      <ServiceLevelExpected report={r} />
      {duplicateOf && (
        <p className="notice duplicate-of" data-testid="duplicate-of">
          {t.rich("duplicateOf", {
            ref: duplicateOf.ref,
            title: duplicateOf.title,
            link: (words) => <Link href={`/reports/${duplicateOf.ref}`}>{words}</Link>,
          })}
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
          cannotReason={cannotSupportReason}
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
      {r.filedThrough && <p className="muted" data-testid="filed-through">{tChannel("filedThrough", { client: r.filedThrough })}</p>}
      <ReportPhotos report={r} />
      <LocationMap config={map} value={{ latitude: r.latitude, longitude: r.longitude }} height={220} />
      <p><BodyBadge name={r.body?.name} /></p>
      <p className="muted">
        {r.address ? `${r.address} · ` : ""}
        {t("placeAndDate", {
          latitude: format.number(r.latitude, { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false }),
          longitude: format.number(r.longitude, { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false }),
          filed: format.dateTime(new Date(r.createdAt), "dateTime"),
        })}
      </p>

      <h2>{t("timeline")}</h2>
      <ol className="timeline" data-testid="timeline">
        {r.timeline.map((entry) => (
          <li key={entry.id}>
            <strong>{entry.kind === "body_changed" && entry.change?.body ? <BodyChangeHeading body={entry.change.body} /> : timelineEntryText(entry.kind, entry.change)}</strong>
            {entry.toStatus && entry.kind !== "submitted" && <> → <StatusBadge status={entry.toStatus} /></>}
            <span className="muted"> · {format.dateTime(new Date(entry.createdAt), "dateTime")}</span>
            {timelineNote(entry) && <p className="note">{timelineNote(entry)}</p>}
          </li>
        ))}
      </ol>
      <ReportUpdates reportId={r.id} reportRef={r.ref} signedIn={signedIn} />

      {r.triage && r.triage.classification && (
        <p className="muted" data-testid="triage-details">
          {t("classifier", {
            category: labelOf(CATEGORY_LABELS, r.triage.classification),
            sure: format.number(r.triage.confidence ?? 0, { style: "percent", maximumFractionDigits: 0 }),
          })}
          {r.triage.agreed === true && t("classifierAgreed")}
          {r.triage.agreed === false && t("classifierDisagreed")}
          {r.triage.hazard && t("classifierHazard")}
        </p>
      )}

      {r.runs && (
        <>
          <h2>{r.viewerIsStaff ? t("backgroundWork") : t("progress")}</h2>
          {r.runs.length === 0 ? (
            <p className="muted">{r.viewerIsStaff ? t("queuedStaff") : t("queuedCitizen", { progress: labelOf(CITIZEN_PROGRESS_LABELS, "queued") })}</p>
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
                    <span className={`status run-${run.status}`}>{runStatus(run.status)}</span>
                    {run.durationMs !== null && <span className="muted">{t("durationMs", { ms: run.durationMs })}</span>}
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
