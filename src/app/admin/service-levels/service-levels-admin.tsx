"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { Confirmation, Field, FormError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { CATEGORIES, type Category } from "@/shared/report-catalog";
import {
  COMPLIANCE_WINDOWS,
  MAX_ACKNOWLEDGE_HOURS,
  MAX_RESOLVE_DAYS,
  SERVICE_LEVEL_PRIORITIES,
  type ComplianceWindow,
  type ServiceLevelPriority,
} from "@/shared/service-level-catalog";

/** The service-levels dashboard: targets (editable by admins), compliance over 7/30/90 days, the overdue list. */
export function ServiceLevelsAdmin({ canEdit }: { canEdit: boolean }) {
  return (
    <>
      <Targets canEdit={canEdit} />
      <Compliance />
    </>
  );
}

function usePriorityWord() {
  const t = useTranslations("ServiceLevelsAdmin");
  const { PRIORITY_LABELS, labelOf } = useLabels();
  return (p: string) => (p === "any" ? t("anyPriority") : labelOf(PRIORITY_LABELS, p));
}

function Targets({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("ServiceLevelsAdmin");
  const { CATEGORY_LABELS, labelOf } = useLabels();
  const priorityWord = usePriorityWord();
  const list = trpc.serviceLevels.list.useQuery();
  return (
    <section aria-labelledby="targets-heading">
      <h2 id="targets-heading">{t("targetsHeading")}</h2>
      {!list.data ? (
        <p>{t("loading")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="targets-heading" tabIndex={0}>
          <table data-testid="service-level-targets">
            <caption>{t("targetsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("category")}</th>
                <th scope="col">{t("priority")}</th>
                <th scope="col">{t("acknowledgeWithin")}</th>
                <th scope="col">{t("resolveWithin")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((row) => (
                <tr key={`${row.category}:${row.priority}`}>
                  <th scope="row">{labelOf(CATEGORY_LABELS, row.category)}</th>
                  <td>{priorityWord(row.priority)}</td>
                  <td>{t("hours", { count: row.acknowledgeHours })}</td>
                  <td>{t("days", { count: row.resolveDays })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? <TargetForm /> : <p className="muted">{t("adminsOnly")}</p>}
    </section>
  );
}

const FIELDS = ["acknowledgeHours", "resolveDays"] as const;
const isWhole = (v: string, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max;

function TargetForm() {
  const t = useTranslations("ServiceLevelsAdmin");
  const { CATEGORY_LABELS, labelOf } = useLabels();
  const priorityWord = usePriorityWord();
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const [category, setCategory] = useState<Category>("roads");
  const [priority, setPriority] = useState<ServiceLevelPriority>("any");
  const [hours, setHours] = useState("48");
  const [days, setDays] = useState("14");
  const validate = useCallback(
    (f: (typeof FIELDS)[number]) => (f === "acknowledgeHours" ? (isWhole(hours, MAX_ACKNOWLEDGE_HOURS) ? null : t("hoursInvalid")) : isWhole(days, MAX_RESOLVE_DAYS) ? null : t("daysInvalid")),
    [hours, days, t],
  );
  const form = useFormErrors(FIELDS, validate, { acknowledgeHours: "sl-hours", resolveDays: "sl-days" });
  const set = trpc.serviceLevels.set.useMutation({
    onError: (err) => form.fromServer({ message: errorMessage(err), data: err.data }),
    onSuccess: () => void utils.serviceLevels.list.invalidate(),
  });
  return (
    <form
      className="card"
      aria-labelledby="edit-target-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        set.reset();
        if (!form.check()) return;
        set.mutate({ category, priority, acknowledgeHours: Number(hours), resolveDays: Number(days) });
      }}
    >
      <h3 id="edit-target-heading">{t("editHeading")}</h3>
      <p className="hint">{t("editIntro")}</p>
      <div className="field">
        <label htmlFor="sl-category">{t("category")}</label>
        <select id="sl-category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>{labelOf(CATEGORY_LABELS, c)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="sl-priority">{t("priority")}</label>
        <select id="sl-priority" value={priority} onChange={(e) => setPriority(e.target.value as ServiceLevelPriority)}>
          {SERVICE_LEVEL_PRIORITIES.map((p) => (
            <option key={p} value={p}>{priorityWord(p)}</option>
          ))}
        </select>
      </div>
      <Field id="sl-hours" label={t("acknowledgeHours")} error={form.errors.acknowledgeHours}>
        <input
          inputMode="numeric"
          value={hours}
          {...form.describe("acknowledgeHours")}
          onChange={(e) => {
            setHours(e.target.value);
            form.revalidate("acknowledgeHours", isWhole(e.target.value, MAX_ACKNOWLEDGE_HOURS) ? null : t("hoursInvalid"));
          }}
        />
      </Field>
      <Field id="sl-days" label={t("resolveDays")} error={form.errors.resolveDays}>
        <input
          inputMode="numeric"
          value={days}
          {...form.describe("resolveDays")}
          onChange={(e) => {
            setDays(e.target.value);
            form.revalidate("resolveDays", isWhole(e.target.value, MAX_RESOLVE_DAYS) ? null : t("daysInvalid"));
          }}
        />
      </Field>
      <button type="submit" className="button" disabled={set.isPending}>
        {set.isPending ? t("saving") : t("save")}
      </button>
      <FormError message={form.formError} />
      {set.data && (
        <Confirmation title={t("saved")} testId="service-level-saved">
          <p>{t("savedBody", { category: labelOf(CATEGORY_LABELS, set.data.category), hours: set.data.acknowledgeHours, days: set.data.resolveDays })}</p>
        </Confirmation>
      )}
    </form>
  );
}

function Compliance() {
  const t = useTranslations("ServiceLevelsAdmin");
  const format = useFormatter();
  const { CATEGORY_LABELS, STATUS_LABELS, labelOf } = useLabels();
  const [days, setDays] = useState<ComplianceWindow>(30);
  const data = trpc.serviceLevels.compliance.useQuery({ days });
  const hoursOf = (h: number | null) => (h === null ? t("none") : t("hoursShort", { hours: format.number(h, { maximumFractionDigits: 1 }) }));
  const share = (s: { onTimePercent: number | null; met: number; decided: number }) =>
    s.onTimePercent === null ? t("none") : t("percentOf", { percent: format.number(s.onTimePercent / 100, { style: "percent" }), met: s.met, decided: s.decided });
  const stage = { acknowledge: t("stageAcknowledge"), resolve: t("stageResolve") };
  return (
    <>
      <section aria-labelledby="compliance-heading">
        <h2 id="compliance-heading">{t("complianceHeading")}</h2>
        <fieldset className="segmented">
          <legend>{t("window")}</legend>
          {COMPLIANCE_WINDOWS.map((d) => (
            <label key={d}>
              <input type="radio" name="sl-window" value={d} checked={days === d} onChange={() => setDays(d)} /> {t("lastDays", { days: d })}
            </label>
          ))}
        </fieldset>
        {!data.data ? (
          <p>{t("loading")}</p>
        ) : data.data.categories.length === 0 ? (
          <p>{t("noReports")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="compliance-heading" tabIndex={0}>
            <table data-testid="service-level-compliance">
              <caption>{t("complianceCaption", { days })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("category")}</th>
                  <th scope="col">{t("filed")}</th>
                  <th scope="col">{t("acknowledgedOnTime")}</th>
                  <th scope="col">{t("medianAcknowledge")}</th>
                  <th scope="col">{t("p90Acknowledge")}</th>
                  <th scope="col">{t("resolvedOnTime")}</th>
                  <th scope="col">{t("medianResolve")}</th>
                  <th scope="col">{t("p90Resolve")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.categories.map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{labelOf(CATEGORY_LABELS, c.category)}</th>
                    <td>{format.number(c.filed)}</td>
                    <td>{share(c.acknowledged)}</td>
                    <td>{hoursOf(c.acknowledged.medianHours)}</td>
                    <td>{hoursOf(c.acknowledged.p90Hours)}</td>
                    <td>{share(c.resolved)}</td>
                    <td>{hoursOf(c.resolved.medianHours)}</td>
                    <td>{hoursOf(c.resolved.p90Hours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="overdue" id="overdue-section">
        <h2 id="overdue" tabIndex={-1}>{t("overdueHeading")}</h2>
        {!data.data ? null : data.data.overdue.length === 0 ? (
          <p>{t("noOverdue")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="overdue" tabIndex={0}>
            <table data-testid="service-level-overdue">
              <caption>{t("overdueCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("report")}</th>
                  <th scope="col">{t("category")}</th>
                  <th scope="col">{t("missed")}</th>
                  <th scope="col">{t("deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.overdue.map((o) => (
                  <tr key={`${o.reportId}:${o.stage}`}>
                    <th scope="row">
                      <Link href={`/reports/${o.ref}`}>{o.ref}</Link> {o.title} <span className="muted">({labelOf(STATUS_LABELS, o.status)})</span>
                    </th>
                    <td>{labelOf(CATEGORY_LABELS, o.category)}</td>
                    <td>{stage[o.stage]}</td>
                    <td>{format.dateTime(new Date(o.deadline), "dateTime")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
