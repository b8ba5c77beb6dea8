"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useCallback, useState, type FormEvent } from "react";
import { Field, FieldError, FormError } from "@/components/form/field";
import { errorId, useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import type { MapConfig } from "@/shared/map-config";
import { CATEGORIES, type Category } from "@/shared/report-catalog";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false, loading: MapLoading });

function MapLoading() {
  const t = useTranslations("AreaAlerts");
  return <div className="map-placeholder">{t("loadingMap")}</div>;
}

/** The limits the server holds (domain/alerts/alert.schemas.ts), checked here first to answer at once. */
const MAX_RADIUS_METERS = 5000;
const MAX_LATITUDE = 85;
const FIELDS = ["latitude", "longitude", "radiusMeters", "categories", "frequency", "channel"] as const;
type FieldName = (typeof FIELDS)[number];

interface Draft {
  latitude: string;
  longitude: string;
  radiusMeters: string;
  categories: Category[];
  frequency: "immediate" | "daily";
  channel: "sms" | "email";
  includeStatusChanges: boolean;
}

interface Subscription {
  id: string;
  latitude: number;
  longitude: number;
  radiusMeters: number;
  categories: string[];
  frequency: "immediate" | "daily";
  channel: "sms" | "email";
  includeStatusChanges: boolean;
}

const EMPTY: Draft = { latitude: "", longitude: "", radiusMeters: "1000", categories: [], frequency: "daily", channel: "sms", includeStatusChanges: false };
const draftOf = (s: Subscription): Draft => ({
  latitude: String(s.latitude),
  longitude: String(s.longitude),
  radiusMeters: String(s.radiusMeters),
  categories: s.categories.filter((c): c is Category => (CATEGORIES as readonly string[]).includes(c)),
  frequency: s.frequency,
  channel: s.channel,
  includeStatusChanges: s.includeStatusChanges,
});

/** The profile's area alerts: the citizen's subscriptions, each editable and removable, and a form to add one. */
export function AreaAlerts({ map }: { map: MapConfig }) {
  const t = useTranslations("AreaAlerts");
  const { CATEGORY_LABELS } = useLabels();
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const list = trpc.alerts.list.useQuery();
  // Read live: verifying the email above makes email alerts possible without reloading.
  const emailVerified = trpc.profile.me.useQuery().data?.emailVerified ?? false;
  const remove = trpc.alerts.unsubscribe.useMutation({ onSuccess: () => utils.alerts.list.invalidate() });
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const frequencyLabel = { immediate: t("frequencyImmediate"), daily: t("frequencyDaily") };
  const channelLabel = { sms: t("channelSms"), email: t("channelEmail") };

  return (
    <section className="card" aria-labelledby="area-alerts-heading" data-testid="area-alerts">
      <h2 id="area-alerts-heading">{t("heading")}</h2>
      <p>{t("intro")}</p>
      <p className="visually-hidden" aria-live="polite">
        {notice}
      </p>
      {list.isError && (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data && list.data.length === 0 && editing !== "new" && <p className="muted">{t("none")}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="plain-list">
          {list.data.map((s) =>
            editing === s.id ? (
              <li key={s.id}>
                <AlertForm
                  map={map}
                  emailVerified={emailVerified}
                  initial={draftOf(s)}
                  id={s.id}
                  onDone={(message) => {
                    setEditing(null);
                    setNotice(message);
                  }}
                />
              </li>
            ) : (
              <li key={s.id} className="row">
                <div>
                  <strong>{t("summary", { radius: s.radiusMeters / 1000, latitude: s.latitude.toFixed(4), longitude: s.longitude.toFixed(4) })}</strong>
                  <br />
                  {t("details", {
                    frequency: frequencyLabel[s.frequency],
                    channel: channelLabel[s.channel],
                    categories: s.categories.length ? s.categories.map((c) => CATEGORY_LABELS[c as Category] ?? c).join(", ") : t("allCategories"),
                  })}
                  {s.includeStatusChanges && <> · {t("withStatusChanges")}</>}
                </div>
                {confirmRemove === s.id ? (
                  <div className="row" role="group" aria-label={t("confirmRemoveGroup")}>
                    <button
                      type="button"
                      className="button"
                      disabled={remove.isPending}
                      onClick={() =>
                        remove.mutate(
                          { id: s.id },
                          {
                            onSuccess: () => {
                              setConfirmRemove(null);
                              setNotice(t("removed"));
                            },
                          },
                        )
                      }
                    >
                      {remove.isPending ? t("removing") : t("confirmRemove")}
                    </button>
                    <button type="button" className="button button-quiet" onClick={() => setConfirmRemove(null)}>
                      {t("cancel")}
                    </button>
                  </div>
                ) : (
                  <div className="row">
                    <button type="button" className="button button-quiet" onClick={() => setEditing(s.id)} aria-label={t("editNamed", { radius: s.radiusMeters / 1000 })}>
                      {t("edit")}
                    </button>
                    <button type="button" className="button button-quiet" onClick={() => setConfirmRemove(s.id)} aria-label={t("removeNamed", { radius: s.radiusMeters / 1000 })}>
                      {t("remove")}
                    </button>
                  </div>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {remove.isError && (
        <p className="error" role="alert">
          {errorMessage(remove.error)}
        </p>
      )}
      {editing === "new" ? (
        <AlertForm
          map={map}
          emailVerified={emailVerified}
          initial={EMPTY}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
          }}
        />
      ) : (
        <button type="button" className="button" onClick={() => setEditing("new")} disabled={editing !== null}>
          {t("add")}
        </button>
      )}
    </section>
  );
}

function AlertForm({ map, emailVerified, initial, id, onDone }: { map: MapConfig; emailVerified: boolean; initial: Draft; id?: string; onDone: (notice: string | null) => void }) {
  const t = useTranslations("AreaAlerts");
  const { CATEGORY_LABELS } = useLabels();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<Draft>(initial);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const validate = useCallback(
    (field: FieldName): string | null => {
      const lat = Number(draft.latitude);
      const lng = Number(draft.longitude);
      const radius = Number(draft.radiusMeters);
      if (field === "latitude") return draft.latitude === "" || !Number.isFinite(lat) || Math.abs(lat) > MAX_LATITUDE ? t("latitudeInvalid") : null;
      if (field === "longitude") return draft.longitude === "" || !Number.isFinite(lng) || Math.abs(lng) > 180 ? t("longitudeInvalid") : null;
      if (field === "radiusMeters") return !Number.isInteger(radius) || radius <= 0 || radius > MAX_RADIUS_METERS ? t("radiusInvalid") : null;
      if (field === "channel") return draft.channel === "email" && !emailVerified ? t("emailNeedsVerifying") : null;
      return null;
    },
    [draft, emailVerified, t],
  );
  const form = useFormErrors(FIELDS, validate);
  const onSuccess = async () => {
    await utils.alerts.list.invalidate();
    onDone(id ? t("saved") : t("added"));
  };
  const subscribe = trpc.alerts.subscribe.useMutation({ onSuccess, onError: (e) => form.fromServer(e, { "categories.0": "categories" }) });
  const update = trpc.alerts.update.useMutation({ onSuccess, onError: (e) => form.fromServer(e, { "categories.0": "categories" }) });
  const pending = subscribe.isPending || update.isPending;
  const point = draft.latitude !== "" && draft.longitude !== "" && Number.isFinite(Number(draft.latitude)) && Number.isFinite(Number(draft.longitude)) ? { latitude: Number(draft.latitude), longitude: Number(draft.longitude) } : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form.check()) return;
    const input = {
      latitude: Number(draft.latitude),
      longitude: Number(draft.longitude),
      radiusMeters: Number(draft.radiusMeters),
      categories: draft.categories,
      frequency: draft.frequency,
      channel: draft.channel,
      includeStatusChanges: draft.includeStatusChanges,
    };
    if (id) update.mutate({ id, ...input });
    else subscribe.mutate(input);
  }

  const { errors } = form;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={id ? `alert-form-${id}` : "alert-form-new"} className="stack">
      <h3 id={id ? `alert-form-${id}` : "alert-form-new"}>{id ? t("editHeading") : t("addHeading")}</h3>
      <FormError message={form.formError} />
      <fieldset>
        <legend>{t("where")}</legend>
        <p className="hint">{t("mapHint")}</p>
        <LocationMap
          config={map}
          value={point}
          onPick={(p) => {
            setDraft((d) => ({ ...d, latitude: p.latitude.toFixed(5), longitude: p.longitude.toFixed(5) }));
            form.revalidate("latitude", null);
            form.revalidate("longitude", null);
          }}
          id={id ? `alert-map-${id}` : "alert-map-new"}
          height={220}
        />
        <div className="row">
          <Field id={form.idOf("latitude")} label={t("latitude")} error={errors.latitude}>
            <input {...form.describe("latitude")} inputMode="decimal" value={draft.latitude} placeholder="12.9716" onChange={(e) => set("latitude", e.target.value.trim())} />
          </Field>
          <Field id={form.idOf("longitude")} label={t("longitude")} error={errors.longitude}>
            <input {...form.describe("longitude")} inputMode="decimal" value={draft.longitude} placeholder="77.5946" onChange={(e) => set("longitude", e.target.value.trim())} />
          </Field>
        </div>
        <Field id={form.idOf("radiusMeters")} label={t("radius")} hint={t("radiusHint")} error={errors.radiusMeters}>
          <input {...form.describe("radiusMeters", true)} type="number" min={1} max={MAX_RADIUS_METERS} step={50} value={draft.radiusMeters} onChange={(e) => set("radiusMeters", e.target.value)} />
        </Field>
      </fieldset>
      <fieldset id={form.idOf("categories")} aria-describedby={errors.categories ? errorId(form.idOf("categories")) : undefined}>
        <legend>{t("categories")}</legend>
        <p className="hint">{t("categoriesHint")}</p>
        {CATEGORIES.map((c) => (
          <label key={c} className="checkbox">
            <input
              type="checkbox"
              checked={draft.categories.includes(c)}
              onChange={(e) => set("categories", e.target.checked ? [...draft.categories, c] : draft.categories.filter((x) => x !== c))}
            />{" "}
            {CATEGORY_LABELS[c]}
          </label>
        ))}
        <FieldError id={form.idOf("categories")} message={errors.categories} />
      </fieldset>
      <fieldset id={form.idOf("frequency")}>
        <legend>{t("frequency")}</legend>
        <label className="checkbox">
          <input type="radio" name="frequency" checked={draft.frequency === "immediate"} onChange={() => set("frequency", "immediate")} /> {t("frequencyImmediate")}
        </label>
        <label className="checkbox">
          <input type="radio" name="frequency" checked={draft.frequency === "daily"} onChange={() => set("frequency", "daily")} /> {t("frequencyDaily")}
        </label>
        <FieldError id={form.idOf("frequency")} message={errors.frequency} />
      </fieldset>
      <fieldset id={form.idOf("channel")} aria-describedby={errors.channel ? errorId(form.idOf("channel")) : undefined} aria-invalid={errors.channel ? true : undefined} tabIndex={-1}>
        <legend>{t("channel")}</legend>
        <label className="checkbox">
          <input type="radio" name="channel" checked={draft.channel === "sms"} onChange={() => set("channel", "sms")} /> {t("channelSms")}
        </label>
        <label className="checkbox">
          <input type="radio" name="channel" checked={draft.channel === "email"} onChange={() => set("channel", "email")} /> {t("channelEmail")}
        </label>
        {!emailVerified && <p className="hint">{t("emailHint")}</p>}
        <FieldError id={form.idOf("channel")} message={errors.channel} />
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={draft.includeStatusChanges} onChange={(e) => set("includeStatusChanges", e.target.checked)} /> {t("includeStatusChanges")}
      </label>
      <div className="row">
        <button type="submit" className="button" disabled={pending}>
          {pending ? t("saving") : id ? t("save") : t("subscribe")}
        </button>
        <button type="button" className="button button-quiet" onClick={() => onDone(null)}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
