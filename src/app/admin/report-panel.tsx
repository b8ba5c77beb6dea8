"use client";

import { BodyChangeHeading } from "@/components/body-labels";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ModeratorPhotos } from "@/components/photos/moderator-photos";
import { ReportUpdates } from "@/components/updates/report-updates";
import { CategoryLabel, PriorityBadge, StatusBadge } from "@/components/report-badges";
import { SupportCount } from "@/components/support-count";
import { FieldError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { PanelDialog } from "@/components/panel-dialog";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import type { MapConfig } from "@/shared/map-config";
import { ACTION_TARGET, REJECT_REASONS, type RejectReason } from "@/shared/moderation-catalog";
import { CATEGORIES, SEVERITIES, type Category } from "@/shared/report-catalog";
import { useRunStatusLabel } from "@/lib/run-status";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: () => <MapLoading /> });

function MapLoading() {
  const t = useTranslations("AdminReport");
  return <div className="map-placeholder">{t("loadingMap")}</div>;
}

type StatusAction = keyof typeof ACTION_TARGET;
const STATUS_ACTIONS = Object.keys(ACTION_TARGET) as StatusAction[];

export function ReportPanel({ id, map, onClose, onChanged }: { id: string; map: MapConfig; onClose: () => void; onChanged: () => void }) {
  const t = useTranslations("AdminReport");
  const errorMessage = useErrorMessage();
  const report = trpc.admin.report.useQuery({ id }, { retry: false });
  const r = report.data;
  return (
    <PanelDialog label={r ? t("panelLabel", { ref: r.ref }) : t("panelLabelLoading")} focusKey={r ? r.id : report.error ? "error" : "loading"} onClose={onClose} className="card admin-panel" testId="report-panel" data={r ? { "data-ref": r.ref } : {}}>
      {report.error ? (
        <>
          <p className="error" tabIndex={-1} data-panel-focus>{errorMessage(report.error)}</p>
          <button type="button" className="link-button" onClick={onClose}>{t("close")}</button>
        </>
      ) : !r ? (
        <p tabIndex={-1} data-panel-focus>{t("loading")}</p>
      ) : (
        <PanelBody r={r} map={map} onClose={onClose} onChanged={onChanged} refetch={() => void report.refetch()} />
      )}
    </PanelDialog>
  );
}

const PANEL_FIELDS = ["note", "rejectReason", "duplicateOf", "category", "severity"] as const;
const PANEL_FIELD_IDS = { note: "mod-note", rejectReason: "mod-reason", duplicateOf: "mod-dup", category: "mod-cat", severity: "mod-sev" };

type Moderation = inferRouterOutputs<AppRouter>["admin"]["report"];

const MOVE_FIELDS = ["latitude", "longitude", "note"] as const;
const MOVE_FIELD_IDS = { latitude: "move-lat", longitude: "move-lon", note: "move-note" };
/** A typed coordinate as a number; empty or not a number is NaN, which the server names as the field's fault. */
const coordinate = (text: string) => (text.trim() === "" ? Number.NaN : Number(text.trim().replace(",", ".")));

/**
 * The report's place, which a moderator can correct by picking the right spot on the map or typing
 * its coordinates (admin.moveReport); the report is then routed again from there (ADR 0022).
 */
function MoveReport({ r, map, onChanged, refetch }: { r: Moderation; map: MapConfig; onChanged: () => void; refetch: () => void }) {
  const t = useTranslations("AdminReport");
  const errorMessage = useErrorMessage();
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const [note, setNote] = useState("");
  const form = useFormErrors(MOVE_FIELDS, undefined, MOVE_FIELD_IDS);
  const move = trpc.admin.moveReport.useMutation({
    onError: (err) => form.fromServer({ message: errorMessage(err), data: err.data }),
    onSuccess: () => {
      form.reset();
      setLatitude("");
      setLongitude("");
      setNote("");
      onChanged();
      refetch();
    },
  });
  const conflict = move.error?.data?.code === "CONFLICT";
  const picked = latitude !== "" && longitude !== "" && Number.isFinite(coordinate(latitude)) && Number.isFinite(coordinate(longitude));
  const shown = picked ? { latitude: coordinate(latitude), longitude: coordinate(longitude) } : { latitude: r.latitude, longitude: r.longitude };
  const pick = (p: { latitude: number; longitude: number }) => {
    setLatitude(String(p.latitude));
    setLongitude(String(p.longitude));
    form.revalidate("latitude", null);
    form.revalidate("longitude", null);
  };
  return (
    <div className="admin-inline" data-testid="move-report">
      <LocationMap config={map} value={shown} onPick={pick} height={180} id="move-map" describedBy="move-hint" />
      <h3>{t("moveHeading")}</h3>
      <p className="hint" id="move-hint">{t("moveHint", { latitude: r.latitude, longitude: r.longitude })}</p>
      <div className="coords">
        <label htmlFor="move-lat">{t("moveLatitude")}</label>
        <input {...form.describe("latitude")} inputMode="decimal" value={latitude} onChange={(e) => { setLatitude(e.target.value); form.revalidate("latitude", null); }} />
        <label htmlFor="move-lon">{t("moveLongitude")}</label>
        <input {...form.describe("longitude")} inputMode="decimal" value={longitude} onChange={(e) => { setLongitude(e.target.value); form.revalidate("longitude", null); }} />
      </div>
      <FieldError id="move-lat" message={form.errors.latitude} />
      <FieldError id="move-lon" message={form.errors.longitude} />
      <label htmlFor="move-note">{t("moveNote")}</label>
      <input {...form.describe("note")} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <FieldError id="move-note" message={form.errors.note} />
      <button
        type="button"
        className="button button-small button-quiet"
        disabled={move.isPending || latitude.trim() === "" || longitude.trim() === ""}
        onClick={() => move.mutate({ reportId: r.id, version: r.version, latitude: coordinate(latitude), longitude: coordinate(longitude), note: note.trim() || undefined })}
      >
        {t("moveSave")}
      </button>
      {move.error && (form.formError || conflict) && (
        <div className={conflict ? "notice" : ""} role="alert" data-testid="move-error">
          <p className="error">{form.formError ?? errorMessage(move.error)}</p>
          {conflict && (
            <button type="button" className="button button-small" onClick={() => { move.reset(); form.reset(); onChanged(); refetch(); }}>
              {t("reload")}
            </button>
          )}
        </div>
      )}
      {move.isSuccess && <p className="points-plus" data-testid="move-ok" role="status">{t("moved")}</p>}
    </div>
  );
}

function PanelBody({ r, map, onClose, onChanged, refetch }: { r: Moderation; map: MapConfig; onClose: () => void; onChanged: () => void; refetch: () => void }) {
  const t = useTranslations("AdminReport");
  const format = useFormatter();
  const runStatus = useRunStatusLabel();
  const { ACTION_LABELS, CATEGORY_LABELS, REJECT_REASON_LABELS, SEVERITY_LABELS, STAFF_WORK_LABELS, STATUS_LABELS, labelOf, ROLE_LABELS, timelineEntryText, timelineNote } = useLabels();
  const errorMessage = useErrorMessage();
  const date = (d: Date | string) => format.dateTime(new Date(d), "dateTime");
  // Metres, or kilometres with one decimal beyond a kilometre, in the page's language.
  const distance = (m: number) =>
    m < 1000
      ? format.number(Math.max(1, Math.round(m)), { style: "unit", unit: "meter" })
      : format.number(m / 1000, { style: "unit", unit: "kilometer", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const [note, setNote] = useState("");
  const [rejectReason, setRejectReason] = useState<RejectReason>("spam");
  const [duplicateOf, setDuplicateOf] = useState("");
  const [category, setCategory] = useState<Category | "">("");
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number] | "">("");
  const form = useFormErrors(PANEL_FIELDS, undefined, PANEL_FIELD_IDS);
  const moderate = trpc.admin.moderate.useMutation({
    onError: (err) => form.fromServer({ message: errorMessage(err), data: err.data }),
    onSuccess: () => {
      form.reset();
      setNote("");
      setDuplicateOf("");
      onChanged();
      refetch();
    },
  });

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
    <>
      <div className="row">
        <p className="muted ref">
          <Link href={`/reports/${r.ref}`} target="_blank">{r.ref}</Link> · {t("version", { version: r.version })}
        </p>
        <button type="button" className="link-button" onClick={onClose}>{t("close")}</button>
      </div>
      <h2 tabIndex={-1} data-panel-focus>{r.title}</h2>
      <div className="report-meta">
        <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{t("severityBadge", { severity: labelOf(SEVERITY_LABELS, r.severity) })}</span> <PriorityBadge priority={r.priority} />{" "}
        <SupportCount count={r.supportCount} />
      </div>
      <p className="description">{r.description}</p>
      <ModeratorPhotos report={r} />
      <ReportUpdates reportId={r.id} reportRef={r.ref} signedIn moderating />
      <p className="muted">
        {t("filedBy", { date: date(r.createdAt), name: r.reporter.name ?? t("aCitizen"), phone: r.reporter.phone, reputation: r.reporter.reputation })}
        {r.address ? ` · ${r.address}` : ""}
      </p>
      {r.triage?.classification && (
        <p className="muted" data-testid="panel-triage">
          {t("classifier", { category: labelOf(CATEGORY_LABELS, r.triage.classification), confidence: format.number(r.triage.confidence ?? 0, { style: "percent" }) })}
          {r.citizenCategory && ` · ${t("citizenChose", { category: labelOf(CATEGORY_LABELS, r.citizenCategory) })}`}
          {r.triage.hazard && ` · ${t("possibleHazard")}`}
        </p>
      )}
      {r.duplicateOfRef && <p>{t.rich("duplicateOf", { ref: r.duplicateOfRef, link: (chunks) => <Link href={`/reports/${r.duplicateOfRef}`}>{chunks}</Link> })}</p>}
      {r.resolutionNote && <p className="note">{t("resolution", { note: r.resolutionNote })}</p>}
      <MoveReport r={r} map={map} onChanged={onChanged} refetch={refetch} />

      <h3>{t("actHeading")}</h3>
      <label htmlFor="mod-note">{t("noteLabel")} {allowed.includes("resolve") && t("noteRequired")}</label>
      <textarea {...form.describe("note")} rows={3} value={note} onChange={(e) => { setNote(e.target.value); if (e.target.value.trim()) form.revalidate("note", null); }} maxLength={2000} />
      <FieldError id="mod-note" message={form.errors.note} />
      <div className="admin-actions">
        {allowed.filter((a) => a !== "reject" && a !== "duplicate").map((a) => (
          <button key={a} type="button" className="button button-small" disabled={moderate.isPending} onClick={() => act(a)}>
            {ACTION_LABELS[a]}
          </button>
        ))}
      </div>
      {allowed.includes("reject") && (
        <div className="admin-inline">
          <label htmlFor="mod-reason">{t("rejectReason")}</label>
          <select {...form.describe("rejectReason")} value={rejectReason} onChange={(e) => setRejectReason(e.target.value as RejectReason)}>
            {REJECT_REASONS.map((x) => (
              <option key={x} value={x}>{REJECT_REASON_LABELS[x]}</option>
            ))}
          </select>
          <FieldError id="mod-reason" message={form.errors.rejectReason} />
          <button type="button" className="button button-small button-danger" disabled={moderate.isPending} onClick={() => act("reject")}>{ACTION_LABELS.reject}</button>
        </div>
      )}
      {allowed.includes("duplicate") && r.possibleDuplicates.length > 0 && (
        <div className="admin-inline" data-testid="possible-duplicates">
          <h3>{t("possibleDuplicates")}</h3>
          <p className="hint">{t("possibleDuplicatesHint")}</p>
          <ul className="possible-duplicates">
            {r.possibleDuplicates.map((d) => (
              <li key={d.id} data-ref={d.ref}>
                <Link href={`/reports/${d.ref}`} target="_blank">
                  {d.ref}
                </Link>{" "}
                {d.title}
                <div className="report-meta">
                  <span>{t("away", { distance: distance(d.distanceMeters) })}</span> <StatusBadge status={d.status} /> <SupportCount count={d.supportCount} />{" "}
                  <span className="muted">{t("filed", { date: date(d.createdAt) })}</span>
                </div>
                <button type="button" className="button button-small" disabled={moderate.isPending} onClick={() => act("duplicate", d.ref)}>
                  {t("markDuplicate")}<span className="visually-hidden"> ({d.ref})</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {allowed.includes("duplicate") && (
        <div className="admin-inline">
          <label htmlFor="mod-dup">{t("duplicateRef")}</label>
          <input {...form.describe("duplicateOf")} placeholder={t("duplicateRefPlaceholder")} value={duplicateOf} onChange={(e) => { setDuplicateOf(e.target.value); form.revalidate("duplicateOf", null); }} />
          <FieldError id="mod-dup" message={form.errors.duplicateOf} />
          <button type="button" className="button button-small" disabled={moderate.isPending || !duplicateOf.trim()} onClick={() => act("duplicate")}>{ACTION_LABELS.duplicate}</button>
        </div>
      )}
      <div className="admin-inline">
        <label htmlFor="mod-cat">{t("correctLabel")}</label>
        <div className="coords">
          <select {...form.describe("category")} value={category} onChange={(e) => setCategory(e.target.value as Category | "")}>
            <option value="">{t("keepCategory", { category: r.category ? CATEGORY_LABELS[r.category as Category] : t("unsorted") })}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
            ))}
          </select>
          <select {...form.describe("severity")} aria-label={t("severity")} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="">{t("keepSeverity", { severity: labelOf(SEVERITY_LABELS, r.severity) })}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>{SEVERITY_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-small button-quiet" disabled={moderate.isPending || (!category && !severity)} onClick={() => act("recategorize")}>
          {t("saveCorrection")}
        </button>
      </div>
      {allowed.length === 0 && <p className="muted">{t("closed")}</p>}
      {moderate.error && (form.formError || conflict) && (
        <div className={conflict ? "notice" : ""} role="alert" data-testid="moderate-error">
          <p className="error">{form.formError ?? errorMessage(moderate.error)}</p>
          {conflict && (
            <button type="button" className="button button-small" onClick={() => { moderate.reset(); form.reset(); onChanged(); refetch(); }}>
              {t("reload")}
            </button>
          )}
        </div>
      )}
      {moderate.isSuccess && (
        <p className="points-plus" data-testid="moderate-ok" role="status">
          {moderate.data.to !== moderate.data.from ? t("savedNow", { status: STATUS_LABELS[moderate.data.to] }) : t("savedCorrection")}
        </p>
      )}

      <h3>{t("timeline")}</h3>
      <ol className="timeline" data-testid="panel-timeline">
        {r.timeline.map((entry) => (
          <li key={entry.id}>
            <strong>{entry.kind === "body_changed" && entry.change?.body ? <BodyChangeHeading body={entry.change.body} /> : timelineEntryText(entry.kind, entry.change)}</strong>
            {entry.toStatus && entry.kind !== "submitted" && <> → <StatusBadge status={entry.toStatus} /></>}
            <span className="muted"> · {labelOf(ROLE_LABELS, entry.actorRole)} · {date(entry.createdAt)}</span>
            {timelineNote(entry) && <p className="note">{timelineNote(entry)}</p>}
          </li>
        ))}
      </ol>
      <h3>{t("runs")}</h3>
      {r.runs && r.runs.length > 0 ? (
        <ul className="runs" data-testid="panel-runs">
          {r.runs.map((run) => (
            <li key={run.runId} data-status={run.status}>
              <span>{labelOf(STAFF_WORK_LABELS, run.functionId)}</span>
              <span className={`status run-${run.status}`}>{runStatus(run.status)}</span>
              {run.durationMs !== null && <span className="muted">{t("durationMs", { ms: run.durationMs })}</span>}
              {run.error && <span className="error-text">{run.error}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("noRuns")}</p>
      )}
    </>
  );
}
