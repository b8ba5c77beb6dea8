"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
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
              {!k.revoked_at && <KeyActions keyId={k.id} name={k.name} requestsPerHour={k.requests_per_hour} />}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

type Step = "limit" | "revoke" | null;

/**
 * A live key's actions. Changing its limit and revoking it each open a step in place (not
 * window.prompt or window.confirm): a labelled form for the new limit, a question to confirm the
 * revocation. Focus moves into the step; Escape or Cancel closes it and puts focus back on the
 * button that opened it, as does a change that succeeded.
 */
export function KeyActions({ keyId, name, requestsPerHour }: { keyId: string; name: string; requestsPerHour: number }) {
  const t = useTranslations("AdminOpen311");
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const [step, setStep] = useState<Step>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const limitButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setStep(null);
    opener.current?.focus();
  };
  const setLimit = trpc.admin.setOpen311KeyLimit.useMutation({
    onSuccess() {
      close();
      void utils.admin.open311Keys.invalidate();
    },
  });
  const revoke = trpc.admin.revokeOpen311Key.useMutation({ onSuccess: () => void utils.admin.open311Keys.invalidate() });
  const open = (next: "limit" | "revoke") => {
    opener.current = next === "limit" ? limitButton.current : revokeButton.current;
    setLimit.reset();
    revoke.reset();
    setStep(next);
  };

  return (
    <div>
      <div className="admin-inline-row">
        <button ref={limitButton} type="button" className="button button-small button-quiet" aria-expanded={step === "limit"} onClick={() => open("limit")}>
          {t("changeLimit")}
        </button>
        <button ref={revokeButton} type="button" className="button button-small button-quiet" aria-expanded={step === "revoke"} onClick={() => open("revoke")}>
          {t("revoke")}
        </button>
      </div>
      {step === "limit" && (
        <LimitStep
          name={name}
          requestsPerHour={requestsPerHour}
          pending={setLimit.isPending}
          error={setLimit.error ? errorMessage(setLimit.error) : null}
          onSave={(perHour) => setLimit.mutate({ keyId, requestsPerHour: perHour })}
          onCancel={close}
        />
      )}
      {step === "revoke" && (
        <RevokeStep name={name} pending={revoke.isPending} error={revoke.error ? errorMessage(revoke.error) : null} onRevoke={() => revoke.mutate({ keyId })} onCancel={close} />
      )}
    </div>
  );
}

/** The step's frame: a named group that Escape closes. */
function StepFrame({ labelledBy, testId, onCancel, children }: { labelledBy: string; testId: string; onCancel: () => void; children: ReactNode }) {
  return (
    <div
      role="group"
      aria-labelledby={labelledBy}
      className="confirm-step"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {children}
    </div>
  );
}

/** A key's new hourly limit: a labelled number field (1 to 100,000), focused when it opens. */
export function LimitStep(props: { name: string; requestsPerHour: number; pending: boolean; error: string | null; onSave: (perHour: number) => void; onCancel: () => void }) {
  const t = useTranslations("AdminOpen311");
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(String(props.requestsPerHour));
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <StepFrame labelledBy={`${id}-label`} testId="open311-limit-step" onCancel={props.onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onSave(Number(value));
        }}
      >
        <label id={`${id}-label`} htmlFor={`${id}-limit`}>
          {t("newLimitLabel", { name: props.name })}
        </label>
        <div className="admin-inline-row">
          <input
            id={`${id}-limit`}
            ref={input}
            type="number"
            inputMode="numeric"
            min={1}
            max={100000}
            step={1}
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? `${id}-error` : undefined}
          />
          <button type="submit" className="button button-small" disabled={props.pending}>
            {props.pending ? t("saving") : t("saveLimit")}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={props.onCancel}>
            {t("cancel")}
          </button>
        </div>
        {props.error && (
          <p id={`${id}-error`} className="error" role="alert">
            {props.error}
          </p>
        )}
      </form>
    </StepFrame>
  );
}

/** Revoking a key, asked in place: the question is focused when it opens, and says what follows. */
export function RevokeStep(props: { name: string; pending: boolean; error: string | null; onRevoke: () => void; onCancel: () => void }) {
  const t = useTranslations("AdminOpen311");
  const id = useId();
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => question.current?.focus(), []);
  return (
    <StepFrame labelledBy={`${id}-question`} testId="open311-revoke-step" onCancel={props.onCancel}>
      <p id={`${id}-question`} ref={question} tabIndex={-1}>
        {t("revokeConfirm", { name: props.name })}
      </p>
      <div className="admin-inline-row">
        <button type="button" className="button button-small button-danger" disabled={props.pending} onClick={props.onRevoke}>
          {props.pending ? t("revoking") : t("revokeKey")}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={props.onCancel}>
          {t("keep")}
        </button>
      </div>
      <FormError message={props.error} />
    </StepFrame>
  );
}
