"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";
import { announceQueueChange } from "@/lib/offline/flush-queue";
import { removeQueued, type QueuedReport } from "@/lib/offline/queue";
import { usePendingReports } from "@/lib/offline/use-pending-reports";
import { draftStorage, writeDraft } from "@/lib/report-draft";
import { signInPath } from "@/lib/return-path";

/**
 * The reports this account filed while offline and that are still on this device: waiting for a
 * connection, needing a sign-in or an edit, or just filed (until the citizen dismisses the notice).
 * Renders nothing when there are none.
 */
export function PendingReports({ ownerId }: { ownerId: string }) {
  const reports = usePendingReports(ownerId);
  const t = useTranslations("PendingReports");
  if (!reports || reports.length === 0) return null;
  return (
    <section className="card pending-reports" aria-labelledby="pending-reports-title" data-testid="pending-reports">
      <h2 id="pending-reports-title">{t("heading")}</h2>
      <ul className="pending-list" aria-live="polite">
        {reports.map((r) => (
          <li key={r.submissionKey} data-testid="pending-report" data-state={r.state}>
            <PendingReportLine report={r} ownerId={ownerId} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The form's confirmation for a report kept offline: it says it waits for a connection, then that
 * it is filed, with its reference, once a tab or the service worker has sent it.
 */
export function QueuedReportNotice({ ownerId, submissionKey, onAnother }: { ownerId: string; submissionKey: string; onAnother: () => void }) {
  const reports = usePendingReports(ownerId);
  const report = reports?.find((r) => r.submissionKey === submissionKey);
  const t = useTranslations("PendingReports");
  const box = useRef<HTMLDivElement>(null);
  // The form is gone: focus moves to what replaced it, as after a filing online.
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="card confirmation" role="status" data-testid="report-queued" tabIndex={-1} ref={box}>
      {reports && !report ? (
        // Dismissed or taken back into the form in another tab.
        <p>{t.rich("noLongerKept", { link: (words) => <Link href="/me/reports">{words}</Link> })}</p>
      ) : report?.state === "filed" && report.ref ? (
        <>
          <h2>{t("filedHeading")}</h2>
          <p data-testid="queued-filed">
            {t.rich("filedBody", {
              ref: report.ref,
              link: (words) => (
                <Link className="ref" href={`/reports/${report.ref}`} data-testid="report-ref">
                  {words}
                </Link>
              ),
            })}
          </p>
        </>
      ) : report && report.state !== "waiting" ? (
        <PendingReportLine report={report} ownerId={ownerId} />
      ) : (
        <>
          <h2>{t("waitingHeading")}</h2>
          <p>{t("waitingBody")}</p>
        </>
      )}
      <div className="row">
        <button type="button" className="button button-quiet" onClick={onAnother}>
          {t("reportAnother")}
        </button>
      </div>
    </div>
  );
}

function PendingReportLine({ report, ownerId }: { report: QueuedReport; ownerId: string }) {
  const t = useTranslations("PendingReports");
  const title = { title: report.input.title, strong: (words: ReactNode) => <strong>{words}</strong> };
  switch (report.state) {
    case "waiting":
      return <p>{t.rich("lineWaiting", title)}</p>;
    case "needs-sign-in":
      return <p>{t.rich("lineNeedsSignIn", { ...title, link: (words) => <Link href={signInPath("/me/reports")}>{words}</Link> })}</p>;
    case "needs-edit":
      return (
        <div>
          <p>{t.rich("lineNeedsEdit", { ...title, message: report.message ?? "", error: (words) => <span className="error-text">{words}</span> })}</p>
          <button type="button" className="button button-small" onClick={() => editInForm(report, ownerId)}>
            {t("editAndSend")}
          </button>
        </div>
      );
    case "filed":
      return (
        <div className="row">
          <p>
            {t.rich("lineFiled", {
              ...title,
              ref: report.ref ?? "",
              link: (words) => (
                <Link className="ref-link" href={`/reports/${report.ref}`}>
                  {words}
                </Link>
              ),
            })}
          </p>
          <button type="button" className="button button-small button-quiet" onClick={() => void forget(report)}>
            {t("dismiss")}
          </button>
        </div>
      );
  }
}

/** Back into the form, key included: if the server did file it after all, sending it again files it once. */
function editInForm(report: QueuedReport, ownerId: string) {
  const i = report.input;
  writeDraft(draftStorage(), ownerId, {
    title: i.title,
    description: i.description,
    severity: i.severity,
    category: i.category ?? "",
    address: i.address ?? "",
    latitude: Number.isFinite(i.latitude) ? String(i.latitude) : "",
    longitude: Number.isFinite(i.longitude) ? String(i.longitude) : "",
    submissionKey: i.submissionKey,
  });
  // A full load, not a client navigation: the form reads the draft when it mounts, and the form
  // this may be called from (its queued notice) is the one already mounted.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  void forget(report).then(() => window.location.assign("/reports/new"));
}

async function forget(report: QueuedReport) {
  await removeQueued(report.submissionKey);
  announceQueueChange();
}
