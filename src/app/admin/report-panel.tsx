"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { CategoryLabel, categoryLabel, formatDate, PriorityBadge, StatusBadge } from "@/components/report-badges";
import { SupportCount } from "@/components/support-count";
import { formatDistance } from "@/lib/map-view";
import { errorMessage, trpc } from "@/lib/trpc";
import type { MapConfig } from "@/shared/map-config";
import { ACTION_LABELS, ACTION_TARGET, REJECT_REASON_LABELS, REJECT_REASONS, type RejectReason } from "@/shared/moderation-catalog";
import { CATEGORIES, CATEGORY_LABELS, SEVERITIES, STATUS_LABELS, type Category } from "@/shared/report-catalog";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: () => <div className="map-placeholder">Loading map…</div> });

type StatusAction = keyof typeof ACTION_TARGET;
const STATUS_ACTIONS = Object.keys(ACTION_TARGET) as StatusAction[];

export function ReportPanel({ id, map, onClose, onChanged }: { id: string; map: MapConfig; onClose: () => void; onChanged: () => void }) {
  const report = trpc.admin.report.useQuery({ id }, { retry: false });
  const [note, setNote] = useState("");
  const [rejectReason, setRejectReason] = useState<RejectReason>("spam");
  const [duplicateOf, setDuplicateOf] = useState("");
  const [category, setCategory] = useState<Category | "">("");
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number] | "">("");
  const moderate = trpc.admin.moderate.useMutation({
    onSuccess: async () => {
      setNote("");
      setDuplicateOf("");
      onChanged();
      await report.refetch();
    },
  });

  if (report.error) return <aside className="card admin-panel"><p className="error">{errorMessage(report.error)}</p><button type="button" className="link-button" onClick={onClose}>Close</button></aside>;
  const r = report.data;
  if (!r) return <aside className="card admin-panel"><p>Loading…</p></aside>;

  const allowed = STATUS_ACTIONS.filter((a) => r.nextStatuses.includes(ACTION_TARGET[a]));
  const conflict = moderate.error?.data?.code === "CONFLICT";
  const act = (action: StatusAction | "recategorize", original = duplicateOf.trim()) =>
    moderate.mutate({
      reportId: r.id,
      version: r.version,
      action,
      note: note.trim() || undefined,
      rejectReason: action === "reject" ? rejectReason : undefined,
      duplicateOf: action === "duplicate" ? original : undefined,
      category: action === "recategorize" && category ? category : undefined,
      severity: action === "recategorize" && severity ? severity : undefined,
    });

  return (
    <aside className="card admin-panel" data-testid="report-panel" data-ref={r.ref} aria-label={`Report ${r.ref}`}>
      <div className="row">
        <p className="muted ref">
          <Link href={`/reports/${r.ref}`} target="_blank">{r.ref}</Link> · version {r.version}
        </p>
        <button type="button" className="link-button" onClick={onClose}>Close</button>
      </div>
      <h2>{r.title}</h2>
      <div className="report-meta">
        <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{r.severity} severity</span> <PriorityBadge priority={r.priority} />{" "}
        <SupportCount count={r.supportCount} />
      </div>
      <p className="description">{r.description}</p>
      <p className="muted">
        Filed {formatDate(r.createdAt)} by {r.reporter.name ?? "a citizen"} ({r.reporter.phone}, reputation {r.reporter.reputation})
        {r.address ? ` · ${r.address}` : ""}
      </p>
      {r.triage?.classification && (
        <p className="muted" data-testid="panel-triage">
          Classifier: {categoryLabel(r.triage.classification)} ({Math.round((r.triage.confidence ?? 0) * 100)}% sure)
          {r.citizenCategory && ` · citizen chose ${CATEGORY_LABELS[r.citizenCategory as Category] ?? r.citizenCategory}`}
          {r.triage.hazard && " · possible hazard"}
        </p>
      )}
      {r.duplicateOfRef && <p>Duplicate of <Link href={`/reports/${r.duplicateOfRef}`}>{r.duplicateOfRef}</Link></p>}
      {r.resolutionNote && <p className="note">Resolution: {r.resolutionNote}</p>}
      <LocationMap config={map} value={{ latitude: r.latitude, longitude: r.longitude }} height={180} />

      <h3>Act on this report</h3>
      <label htmlFor="mod-note">Note for the reporter {allowed.includes("resolve") && "(required to resolve)"}</label>
      <textarea id="mod-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      <div className="admin-actions">
        {allowed.filter((a) => a !== "reject" && a !== "duplicate").map((a) => (
          <button key={a} type="button" className="button button-small" disabled={moderate.isPending} onClick={() => act(a)}>
            {ACTION_LABELS[a]}
          </button>
        ))}
      </div>
      {allowed.includes("reject") && (
        <div className="admin-inline">
          <label htmlFor="mod-reason">Reject reason</label>
          <select id="mod-reason" value={rejectReason} onChange={(e) => setRejectReason(e.target.value as RejectReason)}>
            {REJECT_REASONS.map((x) => (
              <option key={x} value={x}>{REJECT_REASON_LABELS[x]}</option>
            ))}
          </select>
          <button type="button" className="button button-small button-danger" disabled={moderate.isPending} onClick={() => act("reject")}>{ACTION_LABELS.reject}</button>
        </div>
      )}
      {allowed.includes("duplicate") && r.possibleDuplicates.length > 0 && (
        <div className="admin-inline" data-testid="possible-duplicates">
          <h3>Possible duplicates</h3>
          <p className="hint">Open reports nearby that read alike. Marking this one a duplicate moves its supporters to the original.</p>
          <ul className="possible-duplicates">
            {r.possibleDuplicates.map((d) => (
              <li key={d.id} data-ref={d.ref}>
                <Link href={`/reports/${d.ref}`} target="_blank">
                  {d.ref}
                </Link>{" "}
                {d.title}
                <div className="report-meta">
                  <span>{formatDistance(d.distanceMeters)} away</span> <StatusBadge status={d.status} /> <SupportCount count={d.supportCount} />{" "}
                  <span className="muted">filed {formatDate(d.createdAt)}</span>
                </div>
                <button type="button" className="button button-small" disabled={moderate.isPending} onClick={() => act("duplicate", d.ref)}>
                  Mark as duplicate of this<span className="visually-hidden"> ({d.ref})</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {allowed.includes("duplicate") && (
        <div className="admin-inline">
          <label htmlFor="mod-dup">Duplicate of (reference)</label>
          <input id="mod-dup" placeholder="CL-2026-000123" value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} />
          <button type="button" className="button button-small" disabled={moderate.isPending || !duplicateOf.trim()} onClick={() => act("duplicate")}>{ACTION_LABELS.duplicate}</button>
        </div>
      )}
      <div className="admin-inline">
        <label htmlFor="mod-cat">Correct category / severity</label>
        <div className="coords">
          <select id="mod-cat" value={category} onChange={(e) => setCategory(e.target.value as Category | "")}>
            <option value="">Category: keep {r.category ? CATEGORY_LABELS[r.category as Category] : "unsorted"}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
            ))}
          </select>
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="">Severity: keep {r.severity}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-small button-quiet" disabled={moderate.isPending || (!category && !severity)} onClick={() => act("recategorize")}>
          Save correction
        </button>
      </div>
      {allowed.length === 0 && <p className="muted">This report is closed; only its category and severity can still be corrected.</p>}
      {moderate.error && (
        <div className={conflict ? "notice" : ""} role="alert" data-testid="moderate-error">
          <p className="error">{errorMessage(moderate.error)}</p>
          {conflict && (
            <button type="button" className="button button-small" onClick={() => { moderate.reset(); onChanged(); void report.refetch(); }}>
              Reload report
            </button>
          )}
        </div>
      )}
      {moderate.isSuccess && (
        <p className="points-plus" data-testid="moderate-ok">
          Saved. {moderate.data.to !== moderate.data.from ? `Now ${STATUS_LABELS[moderate.data.to]}.` : "Correction recorded."}
        </p>
      )}

      <h3>Timeline</h3>
      <ol className="timeline" data-testid="panel-timeline">
        {r.timeline.map((t) => (
          <li key={t.id}>
            <strong>{t.kind.replace("_", " ")}</strong>
            {t.toStatus && t.kind !== "submitted" && <> → <StatusBadge status={t.toStatus} /></>}
            <span className="muted"> · {t.actorRole ?? ""} · {formatDate(t.createdAt)}</span>
            {t.note && <p className="note">{t.note}</p>}
          </li>
        ))}
      </ol>
      <h3>Background runs</h3>
      {r.runs && r.runs.length > 0 ? (
        <ul className="runs" data-testid="panel-runs">
          {r.runs.map((run) => (
            <li key={run.runId} data-status={run.status}>
              <span>{run.functionId}</span>
              <span className={`status run-${run.status}`}>{run.status}</span>
              {run.durationMs !== null && <span className="muted">{run.durationMs} ms</span>}
              {run.error && <span className="error-text">{run.error}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No background runs recorded yet.</p>
      )}
    </aside>
  );
}
