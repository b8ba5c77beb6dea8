"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { v4 as uuidv4 } from "uuid";
import { QueuedReportNotice } from "@/components/pending-reports";
import { SimilarReports } from "@/components/similar-reports";
import { isNetworkFailure, isOffline, keepForLater } from "@/lib/offline/keep-for-later";
import { clearDraft, draftStorage, readDraft, writeDraft } from "@/lib/report-draft";
import { Confirmation, ErrorSummary, FieldError, FieldHint, FormError } from "@/components/form/field";
import { PhotoPicker } from "@/components/photos/photo-picker";
import { PhotosNotKept } from "@/components/photos/photos-not-kept";
import { usePhotoUploads } from "@/components/photos/use-photo-uploads";
import { errorId, hintId, useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { checkReportField, REPORT_FIELDS, REPORT_FIELD_IDS, type ReportField } from "@/lib/report-form-checks";
import { trpc, useErrorMessage } from "@/lib/trpc";
import type { MapConfig } from "@/shared/map-config";
import { CATEGORIES, SEVERITIES } from "@/shared/report-catalog";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: MapLoading });

function MapLoading() {
  const t = useTranslations("ReportForm");
  return <div className="map-placeholder">{t("loadingMap")}</div>;
}

type Point = { latitude: number; longitude: number };

/** `ownerId`: the signed-in account, whose unsent report this tab keeps across a reload (report-draft.ts). */
export function ReportForm({ map, ownerId }: { map: MapConfig; ownerId: string }) {
  const { CATEGORY_LABELS, FORM_MESSAGES, SEVERITY_HINTS, SEVERITY_LABELS } = useLabels();
  const errorMessage = useErrorMessage();
  const t = useTranslations("ReportForm");
  const fieldLabels: Record<ReportField, string> = {
    title: t("titleLabel"),
    description: t("descriptionLabel"),
    location: t("whereLegend"),
    latitude: t("latitude"),
    longitude: t("longitude"),
    address: t("addressName"),
  };
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>("medium");
  const [category, setCategory] = useState<string>("");
  const [address, setAddress] = useState("");
  const [lat, setLat] = useState("");
  const [lng, setLng] = useState("");
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const values = { title, description, latitude: lat, longitude: lng, address };
  const validate = useCallback((f: ReportField) => checkReportField(f, { title, description, latitude: lat, longitude: lng, address }, FORM_MESSAGES), [title, description, lat, lng, address, FORM_MESSAGES]);
  const form = useFormErrors(REPORT_FIELDS, validate, REPORT_FIELD_IDS);
  // One key per report being filed, sent with every attempt: an attempt whose answer was lost
  // (a dropped connection) and is sent again returns the report already filed, not a second one.
  // uuid, not crypto.randomUUID: that exists only on https or localhost, not on a phone reaching
  // a LAN address over http.
  const [submissionKey, setSubmissionKey] = useState(() => uuidv4());
  const [restored, setRestored] = useState(false);
  const [draftRead, setDraftRead] = useState(false);
  // "Mine is different": the nearby reports stay hidden for the rest of this report.
  const [similarDismissed, setSimilarDismissed] = useState(false);
  const [leaving, setLeaving] = useState(false);
  // Set when the report was kept on the device to be sent later (src/lib/offline): its submission key.
  const [queuedKey, setQueuedKey] = useState<string | null>(null);
  const create = trpc.reports.create.useMutation();
  // Photos picked while filling the form go once the report is filed (its id); the report does not wait for them.
  const uploads = usePhotoUploads({ reportId: create.data?.id ?? null });
  // A report kept on the device for later cannot keep its photos (they are not queued): said on its notice.
  const [photosDropped, setPhotosDropped] = useState(false);
  const utils = trpc.useUtils();
  const router = useRouter();

  // The draft this tab kept comes back once the page is hydrated (the server's HTML has an empty
  // form), key included: a send after a reload is the same filing as the one before it. Then what
  // is in the form is kept as it changes, and dropped once filed.
  useEffect(() => {
    const draft = readDraft(draftStorage(), ownerId);
    if (draft) {
      // Restoring from the tab's storage, which the server cannot read: state set once, after hydration.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setTitle(draft.title);
      setDescription(draft.description);
      setSeverity(draft.severity);
      setCategory(draft.category);
      setAddress(draft.address);
      setLat(draft.latitude);
      setLng(draft.longitude);
      setSubmissionKey(draft.submissionKey);
      setRestored(true);
    }
    setDraftRead(true);
  }, [ownerId]);
  useEffect(() => {
    if (!draftRead) return; // not before the draft was read: it would be overwritten with an empty form
    if (create.data || leaving) clearDraft(draftStorage(), ownerId);
    else writeDraft(draftStorage(), ownerId, { title, description, severity, category, address, latitude: lat, longitude: lng, submissionKey });
  }, [draftRead, ownerId, create.data, leaving, title, description, severity, category, address, lat, lng, submissionKey]);

  // Another problem is often in the same place: the location and its landmark stay.
  function reportAnother() {
    create.reset();
    form.reset();
    uploads.clear();
    setPhotosDropped(false);
    setTitle("");
    setDescription("");
    setSubmissionKey(uuidv4());
    setRestored(false);
    setSimilarDismissed(false);
  }

  // The kept draft is dropped whole: the next change writes the empty form, which removes it.
  function startOver() {
    reportAnother();
    setSeverity("medium");
    setCategory("");
    setAddress("");
    setLat("");
    setLng("");
  }

  const point: Point | null = lat !== "" && lng !== "" && Number.isFinite(Number(lat)) && Number.isFinite(Number(lng)) ? { latitude: Number(lat), longitude: Number(lng) } : null;
  const { errors } = form;

  // A field's error goes as soon as what is typed passes its check.
  useEffect(() => {
    for (const f of REPORT_FIELDS) form.revalidate(f, checkReportField(f, values, FORM_MESSAGES));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title, description, lat, lng, address]);

  // Supported an existing report instead of filing: nothing is filed, and what was typed is not kept.
  function supportedInstead(ref: string) {
    setLeaving(true);
    clearDraft(draftStorage(), ownerId);
    router.push(`/reports/${ref}`);
  }

  function setPoint(p: Point) {
    setGeoError(null);
    setLat(String(p.latitude));
    setLng(String(p.longitude));
  }

  function useMyLocation() {
    if (!("geolocation" in navigator)) {
      setGeoError(FORM_MESSAGES.geoUnsupported);
      return;
    }
    setLocating(true);
    setGeoError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ latitude: Number(pos.coords.latitude.toFixed(6)), longitude: Number(pos.coords.longitude.toFixed(6)) });
      },
      (err) => {
        setLocating(false);
        setGeoError(err.code === err.PERMISSION_DENIED ? FORM_MESSAGES.geoDenied : FORM_MESSAGES.geoFailed);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form.check()) return;
    const input = {
      title,
      description,
      severity,
      category: (category || undefined) as (typeof CATEGORIES)[number] | undefined,
      address: address || undefined,
      latitude: lat === "" ? Number.NaN : Number(lat),
      longitude: lng === "" ? Number.NaN : Number(lng),
      submissionKey,
    };
    // Offline, or no answer at all: kept on the device and sent when the connection returns.
    const keep = () =>
      keepForLater(ownerId, input).then(() => {
        clearDraft(draftStorage(), ownerId);
        create.reset();
        setPhotosDropped(uploads.items.length > 0);
        uploads.clear();
        setQueuedKey(submissionKey);
      });
    const send = () =>
      create.mutate(input, {
        onSuccess: () => void utils.reports.mine.invalidate(),
        onError: (err) => {
          const explain = () => form.fromServer({ message: errorMessage(err), data: err.data });
          if (isNetworkFailure(err)) void keep().catch(explain);
          else explain();
        },
      });
    // A device that cannot keep it (no IndexedDB) still tries to send it.
    if (isOffline()) return void keep().catch(send);
    send();
  }

  if (queuedKey) {
    return (
      <>
        {photosDropped && <PhotosNotKept />}
        <QueuedReportNotice ownerId={ownerId} submissionKey={queuedKey} onAnother={() => { setQueuedKey(null); reportAnother(); }} />
      </>
    );
  }

  if (create.data) {
    return (
      <Confirmation title={t("thanks")} testId="report-confirmation">
        <p>
          {t.rich("yourReference", {
            ref: create.data.ref,
            strong: (words) => (
              <strong className="ref" data-testid="report-ref">
                {words}
              </strong>
            ),
          })}
        </p>
        <p>{t("sortingNow")}</p>
        <PhotoPicker uploads={uploads} />
        <div className="row">
          <Link className="button" href={`/reports/${create.data.ref}`}>{t("followThis")}</Link>
          <button type="button" className="button button-quiet" onClick={reportAnother}>
            {t("reportAnother")}
          </button>
        </div>
      </Confirmation>
    );
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-describedby="report-form-required">
      {restored && (
        <div className="notice row" role="status" data-testid="draft-restored">
          <p>{t("draftRestored")}</p>
          <button type="button" className="button button-small button-quiet" onClick={startOver}>
            {t("startOver")}
          </button>
        </div>
      )}
      <p id="report-form-required" className="hint">{t("required")}</p>
      <ErrorSummary order={REPORT_FIELDS} errors={errors} labels={fieldLabels} ids={REPORT_FIELD_IDS} />

      <label htmlFor="title">{fieldLabels.title}</label>
      <input {...form.describe("title")} value={title} maxLength={120} placeholder={t("titlePlaceholder")} onChange={(e) => setTitle(e.target.value)} />
      <FieldError id="title" message={errors.title} />

      <label htmlFor="description">{fieldLabels.description}</label>
      <textarea {...form.describe("description", true)} rows={4} value={description} maxLength={2000} placeholder={t("descriptionPlaceholder")} onChange={(e) => setDescription(e.target.value)} />
      <FieldHint id="description">{t("descriptionCount", { count: String(description.trim().length) })}</FieldHint>
      <FieldError id="description" message={errors.description} />

      <fieldset>
        <legend>{t("severityLegend")}</legend>
        <div className="choices">
          {SEVERITIES.map((s) => (
            <label key={s} className={`choice ${severity === s ? "choice-on" : ""}`}>
              <input type="radio" name="severity" value={s} checked={severity === s} onChange={() => setSeverity(s)} />
              <span className="choice-title">{SEVERITY_LABELS[s]}</span>
              <span className="choice-hint">{SEVERITY_HINTS[s]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <label htmlFor="category">{t("categoryLabel")}</label>
      <select id="category" value={category} onChange={(e) => setCategory(e.target.value)}>
        <option value="">{t("categoryAuto")}</option>
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
        ))}
      </select>

      <PhotoPicker uploads={uploads} onUseLocation={point ? undefined : setPoint} />

      <fieldset aria-describedby={errors.location ? errorId("latitude-location") : undefined}>
        <legend>{fieldLabels.location}</legend>
        <p className="hint">{t("whereHint")}</p>
        <button type="button" className="button button-quiet" onClick={useMyLocation} disabled={locating}>
          {locating ? t("locating") : t("useMyLocation")}
        </button>
        <FormError message={geoError} />
        <FieldError id="latitude-location" message={errors.location} />
        <div className="coords">
          <div>
            <label htmlFor="latitude">{fieldLabels.latitude}</label>
            <input
              {...form.describe("latitude")}
              aria-invalid={errors.latitude || errors.location ? true : undefined}
              aria-describedby={[errors.location ? errorId("latitude-location") : null, errors.latitude ? errorId("latitude") : null].filter(Boolean).join(" ") || undefined}
              inputMode="decimal"
              value={lat}
              placeholder="12.9716"
              onChange={(e) => setLat(e.target.value.trim())}
            />
            <FieldError id="latitude" message={errors.latitude} />
          </div>
          <div>
            <label htmlFor="longitude">{fieldLabels.longitude}</label>
            <input {...form.describe("longitude")} inputMode="decimal" value={lng} placeholder="77.5946" onChange={(e) => setLng(e.target.value.trim())} />
            <FieldError id="longitude" message={errors.longitude} />
          </div>
        </div>
        <p className="hint" id={hintId("location-map")}>
          {t("mapHint")}
        </p>
        <LocationMap
          config={map}
          value={point}
          onPick={setPoint}
          id="location-map"
          describedBy={[hintId("location-map"), errors.location ? errorId("latitude-location") : null].filter(Boolean).join(" ")}
          invalid={!!errors.location}
        />
        <p className="visually-hidden" aria-live="polite" data-testid="pin-announcer">
          {point ? t("pinAt", { latitude: point.latitude.toFixed(5), longitude: point.longitude.toFixed(5) }) : t("noPin")}
        </p>
        <label htmlFor="address">{t("addressLabel")}</label>
        <input {...form.describe("address", true)} value={address} maxLength={300} placeholder={t("addressPlaceholder")} onChange={(e) => setAddress(e.target.value)} />
        <FieldHint id="address">{t("addressHint")}</FieldHint>
        <FieldError id="address" message={errors.address} />
      </fieldset>

      <SimilarReports
        point={point}
        title={title}
        category={category}
        dismissed={similarDismissed}
        onDismiss={() => setSimilarDismissed(true)}
        onSupported={supportedInstead}
      />

      <button className="button" type="submit" disabled={create.isPending}>
        {create.isPending ? t("sending") : t("submit")}
      </button>
      {form.formError && <FormError testId="report-error">{withReportLinks(form.formError)}</FormError>}
      {create.error?.data?.code === "CONFLICT" && (
        // The first send of this form did file a report; what is in the form now can be filed as another.
        <button type="button" className="button button-quiet" onClick={() => { create.reset(); form.reset(); setSubmissionKey(uuidv4()); }}>
          {t("fileAsNew")}
        </button>
      )}
    </form>
  );
}

/** A message with each public reference in it (CL-2026-000123) as a link to its report, kept on one line. */
function withReportLinks(message: string) {
  return message.split(/(CL-\d{4}-\d{6,})/).map((part, i) =>
    i % 2 === 1 ? (
      <Link key={i} className="ref-link" href={`/reports/${part}`}>
        {part}
      </Link>
    ) : (
      part
    ),
  );
}
