"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormError } from "@/components/form/field";
import { trpc, useErrorMessage } from "@/lib/trpc";

/** Issue, limit and revoke Open311 API keys (ADR 0021). A new key is shown here once, never again. */
export function Open311Keys() {
  const t = useTranslations("AdminOpen311");
  const errorMessage = useErrorMessage();
  const format = useFormatter();
  const utils = trpc.useUtils();
  const keys = trpc.admin.open311Keys.useQuery();
  const nameId = useId();
  const limitId = useId();
  const [name, setName] = useState("");
  const [perHour, setPerHour] = useState("600");
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const issue = trpc.admin.issueOpen311Key.useMutation({
    onSuccess(issued) {
      setShown({ name: issued.name, key: issued.key });
      setName("");
      void utils.admin.open311Keys.invalidate();
    },
  });
  const revoke = trpc.admin.revokeOpen311Key.useMutation({ onSuccess: () => void utils.admin.open311Keys.invalidate() });
  const setLimit = trpc.admin.setOpen311KeyLimit.useMutation({ onSuccess: () => void utils.admin.open311Keys.invalidate() });
  const date = (d: Date | string) => format.dateTime(new Date(d), "dateTime");

  return (
    <>
      <form
        className="card admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate({ name: name.trim(), requestsPerHour: Number(perHour) });
        }}
      >
        <label htmlFor={nameId}>{t("nameLabel")}</label>
        <div className="admin-inline-row">
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required placeholder={t("namePlaceholder")} />
          <label htmlFor={limitId}>{t("perHourLabel")}</label>
          <input id={limitId} type="number" min={1} max={100000} value={perHour} onChange={(e) => setPerHour(e.target.value)} required />
          <button type="submit" className="button button-small" disabled={issue.isPending}>
            {issue.isPending ? t("issuing") : t("issue")}
          </button>
        </div>
        <FormError message={issue.error ? errorMessage(issue.error) : null} />
      </form>
      {shown && (
        <div className="card" role="status" data-testid="open311-new-key">
          <p>{t("shownOnce", { name: shown.name })}</p>
          <code>{shown.key}</code>
          <button type="button" className="button button-small button-quiet" onClick={() => setShown(null)}>
            {t("dismiss")}
          </button>
        </div>
      )}
      {(revoke.error || setLimit.error) && <p className="error">{errorMessage((revoke.error ?? setLimit.error)!)}</p>}
      {keys.error && <p className="error">{errorMessage(keys.error)}</p>}
      {!keys.data && !keys.error && <p>{t("loading")}</p>}
      {keys.data && keys.data.length === 0 && <p className="empty">{t("empty")}</p>}
      <ul className="report-list" data-testid="open311-keys">
        {keys.data?.map((k) => (
          <li key={k.id} className="card user-item">
            <div className="row">
              <div>
                <strong>{k.name}</strong> <span className="muted">{k.key_prefix}…</span>
                <p className="muted">
                  {t("summary", { perHour: k.requests_per_hour, reports: k.reports, issued: date(k.created_at), by: k.created_by_name ?? t("commandLine") })}
                  {k.revoked_at && ` · ${t("revokedOn", { when: date(k.revoked_at) })}`}
                </p>
              </div>
              {!k.revoked_at && (
                <div className="admin-inline-row">
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    disabled={setLimit.isPending}
                    onClick={() => {
                      const answer = window.prompt(t("newLimitPrompt", { name: k.name }), String(k.requests_per_hour));
                      if (answer) setLimit.mutate({ keyId: k.id, requestsPerHour: Number(answer) });
                    }}
                  >
                    {t("changeLimit")}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(t("revokeConfirm", { name: k.name }))) revoke.mutate({ keyId: k.id });
                    }}
                  >
                    {t("revoke")}
                  </button>
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
