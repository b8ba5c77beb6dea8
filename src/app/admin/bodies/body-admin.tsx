"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { Field, FormError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc } from "@/lib/trpc";
import { MAX_DASHBOARD_BOUNDARY_CHARS } from "@/shared/bodies";
import type { MapConfig } from "@/shared/map-config";
import { CATEGORIES, type Category } from "@/shared/report-catalog";
import { boundaryPreview } from "./boundary-preview";

const LocationMap = dynamic(() => import("@/components/location-map"), { ssr: false });

const FIELDS = ["slug", "name", "categories", "isDefault", "boundary"] as const;
type FieldName = (typeof FIELDS)[number];
interface Draft {
  slug: string;
  name: string;
  categories: Category[];
  isDefault: boolean;
  boundary: string;
}
const EMPTY: Draft = { slug: "", name: "", categories: [], isDefault: false, boundary: "" };

/** Bodies: the list (with every boundary on the map) and the form that creates or edits one. */
export function BodyAdmin({ map }: { map: MapConfig }) {
  const t = useTranslations("AdminBodies");
  const { CATEGORY_LABELS } = useLabels();
  const utils = trpc.useUtils();
  const bodies = trpc.admin.bodies.useQuery();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const validate = (f: FieldName): string | null => {
    if (f === "name" && draft.name.trim().length < 2) return t("nameRequired");
    if (f === "slug" && !/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/.test(draft.slug.trim())) return t("slugInvalid");
    if (f === "categories" && draft.categories.length === 0) return t("categoriesRequired");
    if (f === "boundary" && draft.boundary.length > MAX_DASHBOARD_BOUNDARY_CHARS) return t("boundaryTooLarge", { max: MAX_DASHBOARD_BOUNDARY_CHARS });
    if (f === "boundary" && !draft.isDefault && !draft.boundary.trim()) return t("boundaryRequired");
    return null;
  };
  const form = useFormErrors(FIELDS, validate);
  const save = trpc.admin.saveBody.useMutation({
    onSuccess() {
      void utils.admin.bodies.invalidate();
    },
    onError(error) {
      form.fromServer(error);
    },
  });
  const preview = useMemo(() => boundaryPreview(draft.boundary), [draft.boundary]);
  const shapes = useMemo(() => {
    const others = (bodies.data ?? []).filter((b) => b.boundary && b.slug !== editing).map((b) => ({ key: b.id, ...boundaryPreview(JSON.stringify(b.boundary))! }));
    return preview ? [...others, { key: "draft", ...preview }] : others;
  }, [bodies.data, preview, editing]);

  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  function edit(b: NonNullable<typeof bodies.data>[number]) {
    setEditing(b.slug);
    setDraft({ slug: b.slug, name: b.name, categories: b.categories as Category[], isDefault: b.isDefault, boundary: b.boundary ? JSON.stringify(b.boundary) : "" });
    form.reset();
    save.reset();
  }
  async function readFile(file: File | undefined) {
    if (!file) return;
    // Checked before reading: a huge file is never loaded into the page.
    if (file.size > MAX_DASHBOARD_BOUNDARY_CHARS) {
      form.fromServer({ message: t("boundaryTooLarge", { max: MAX_DASHBOARD_BOUNDARY_CHARS }), data: { field: "boundary" } });
      return;
    }
    change("boundary", await file.text());
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form.check()) return;
    save.mutate({ slug: draft.slug.trim(), name: draft.name.trim(), categories: draft.categories, isDefault: draft.isDefault, boundary: draft.boundary.trim() || null });
  }

  return (
    <>
      <LocationMap config={map} value={null} height={320} shapes={shapes} />
      <ul className="report-list" data-testid="bodies">
        {bodies.data?.map((b) => (
          <li key={b.id} className="card">
            <strong>{b.name}</strong> <span className="muted">{b.slug}</span> {b.isDefault && <span className="badge">{t("default")}</span>}
            <p className="muted">{b.categories.map((c) => CATEGORY_LABELS[c as Category] ?? c).join(", ")}</p>
            <button type="button" className="button button-small button-quiet" onClick={() => edit(b)}>{t("edit")}</button>
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={submit} noValidate data-testid="body-form">
        <h2>{editing ? t("editHeading", { name: draft.name }) : t("newHeading")}</h2>
        <Field id="slug" label={t("slug")} hint={t("slugHint")} error={form.errors.slug}>
          <input {...form.describe("slug", true)} value={draft.slug} readOnly={!!editing} onChange={(e) => change("slug", e.target.value)} />
        </Field>
        <Field id="name" label={t("name")} error={form.errors.name}>
          <input {...form.describe("name")} value={draft.name} onChange={(e) => change("name", e.target.value)} />
        </Field>
        <fieldset id="categories" tabIndex={-1} aria-describedby={form.errors.categories ? "categories-error" : undefined}>
          <legend>{t("categories")}</legend>
          {CATEGORIES.map((c) => (
            <label key={c} className="checkbox">
              <input
                type="checkbox"
                checked={draft.categories.includes(c)}
                onChange={(e) => change("categories", e.target.checked ? [...draft.categories, c] : draft.categories.filter((x) => x !== c))}
              />{" "}
              {CATEGORY_LABELS[c]}
            </label>
          ))}
          <p id="categories-error" className="field-error" aria-live="polite" hidden={!form.errors.categories}>{form.errors.categories}</p>
        </fieldset>
        <label className="checkbox">
          <input id="isDefault" type="checkbox" checked={draft.isDefault} onChange={(e) => change("isDefault", e.target.checked)} /> {t("isDefault")}
        </label>
        <p className="field-error" aria-live="polite" hidden={!form.errors.isDefault}>{form.errors.isDefault}</p>
        <Field id="boundary" label={t("boundary")} hint={t("boundaryHint")} error={form.errors.boundary}>
          <textarea {...form.describe("boundary", true)} rows={6} value={draft.boundary} onChange={(e) => change("boundary", e.target.value)} />
        </Field>
        <label>
          {t("upload")} <input type="file" accept=".geojson,.json,application/geo+json,application/json" onChange={(e) => void readFile(e.target.files?.[0])} />
        </label>
        <FormError message={form.formError} />
        <div className="admin-inline-row">
          <button type="submit" className="button" disabled={save.isPending}>{save.isPending ? t("saving") : t("save")}</button>
          {editing && (
            <button type="button" className="button button-quiet" onClick={() => { setEditing(null); setDraft(EMPTY); form.reset(); }}>
              {t("cancel")}
            </button>
          )}
        </div>
        {save.data && <p role="status" className="points-plus">{t("saved", { name: save.data.name })}</p>}
      </form>
    </>
  );
}
