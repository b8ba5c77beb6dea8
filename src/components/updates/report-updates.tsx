"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Field } from "@/components/form/field";
import { signInPath } from "@/lib/return-path";
import { trpc, useErrorMessage } from "@/lib/trpc";

type Kind = "note" | "still_there" | "fixed" | "staff";
const TEXT_MAX = 2000;

/**
 * A report's updates (ADR 0023), oldest first, and the form to add one: "Still there", "Fixed now"
 * or a note for citizens, a staff update for staff. Authors are named by what they are to the report,
 * never by name or number. `moderating`: the moderation panel's view, with each update's Hide (a
 * reason, audited) and the close or reopen request waiting for a moderator.
 */
export function ReportUpdates({ reportId, reportRef, signedIn, moderating = false }: { reportId: string; reportRef: string; signedIn: boolean; moderating?: boolean }) {
  const t = useTranslations("Updates");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const headingId = useId();
  const updates = trpc.updates.list.useQuery({ reportId: reportRef }, { retry: false });
  const kindText: Record<Kind, string> = { note: t("kind.note"), still_there: t("kind.still_there"), fixed: t("kind.fixed"), staff: t("kind.staff") };
  const authorText: Record<string, string> = { reporter: t("author.reporter"), citizen: t("author.citizen"), staff: t("author.staff") };
  const effectText: Record<string, string> = {
    confirms_resolution: t("effect.confirms_resolution"),
    close_request: t("effect.close_request"),
    reopen_request: t("effect.reopen_request"),
  };
  const data = updates.data;
  return (
    <section className="report-updates" aria-labelledby={headingId} data-testid="updates">
      <h2 id={headingId}>{t("heading")}</h2>
      {updates.error && <p className="error">{t("loadError")}</p>}
      {data && moderating && data.pendingRequest && (
        <p className="notice" role="status" data-testid="update-request">
          {t("pendingRequest", { request: effectText[data.pendingRequest.effect] ?? data.pendingRequest.effect })}
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">{t("none")}</p>}
      {data && data.items.length > 0 && (
        <ol className="timeline updates" data-testid="update-list">
          {data.items.map((u) => (
            <li key={u.id} data-kind={u.kind} data-hidden={u.hidden ? "true" : undefined}>
              <strong>
                {t("byline", {
                  kind: kindText[u.kind as Kind] ?? u.kind,
                  author: u.byMe ? t("author.me") : (authorText[u.authorRole] ?? u.authorRole),
                  date: format.dateTime(new Date(u.createdAt), "dateTime"),
                })}
              </strong>
              {u.effect && <p className="muted">{effectText[u.effect]}</p>}
              {u.text && <p className="note">{u.text}</p>}
              {u.hidden && <p className="error-text">{t("hiddenNote", { reason: u.hidden.reason ?? "" })}</p>}
              {moderating && !u.hidden && <HideUpdate updateId={u.id} />}
            </li>
          ))}
        </ol>
      )}
      {!signedIn ? (
        <Link className="button button-small button-quiet" href={signInPath(`/reports/${reportRef}`)}>
          {t("signIn")}
        </Link>
      ) : data && data.kinds.length === 0 ? (
        <p className="muted">{t("closed")}</p>
      ) : data ? (
        <AddUpdate reportId={reportId} kinds={data.kinds as Kind[]} kindText={kindText} onPosted={() => void updates.refetch()} errorMessage={errorMessage} />
      ) : null}
    </section>
  );
}

function AddUpdate({
  reportId,
  kinds,
  kindText,
  onPosted,
  errorMessage,
}: {
  reportId: string;
  kinds: Kind[];
  kindText: Record<Kind, string>;
  onPosted: () => void;
  errorMessage: ReturnType<typeof useErrorMessage>;
}) {
  const t = useTranslations("Updates");
  const formId = useId();
  const [kind, setKind] = useState<Kind>(kinds.includes("still_there") ? "still_there" : kinds[0]!);
  const [text, setText] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const [posted, setPosted] = useState(false);
  const add = trpc.updates.add.useMutation({
    onSuccess: () => {
      setText("");
      setPosted(true);
      onPosted();
    },
  });
  const needsText = kind === "note" || kind === "staff";
  const textId = `${formId}-text`;
  const serverTextError = add.error?.data && "field" in add.error.data && add.error.data.field === "text" ? errorMessage(add.error) : null;
  return (
    <form
      className="update-form"
      aria-labelledby={`${formId}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        setPosted(false);
        if (needsText && text.trim().length < 3) {
          setTooShort(true);
          document.getElementById(textId)?.focus();
          return;
        }
        setTooShort(false);
        add.mutate({ reportId, kind, text: text.trim() || undefined });
      }}
    >
      <h3 id={`${formId}-heading`}>{t("formHeading")}</h3>
      {kinds.length > 1 && (
        <fieldset>
          <legend>{t("kindLegend")}</legend>
          <div className="choices">
            {kinds.map((k) => (
              <label key={k} className={`choice ${kind === k ? "choice-on" : ""}`}>
                <input type="radio" name={`${formId}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span className="choice-title">{kindText[k]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <Field id={textId} label={kind === "staff" ? t("staffTextLabel") : t("textLabel")} hint={t("textHint")} error={tooShort ? t("textShort") : serverTextError}>
        <textarea
          id={textId}
          value={text}
          maxLength={TEXT_MAX}
          rows={3}
          required={needsText}
          aria-invalid={tooShort || !!serverTextError || undefined}
          aria-describedby={`${textId}-hint ${textId}-error`}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <button type="submit" className="button" disabled={add.isPending}>
        {add.isPending ? t("sending") : t("submit")}
      </button>
      <p aria-live="polite" className="muted" data-testid="update-posted">
        {posted ? t("posted") : ""}
      </p>
      {add.error && !serverTextError && (
        <p className="error" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}

function HideUpdate({ updateId }: { updateId: string }) {
  const t = useTranslations("Updates");
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const id = useId();
  const [reason, setReason] = useState("");
  const hide = trpc.admin.hideUpdate.useMutation({ onSuccess: () => void utils.updates.list.invalidate() });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        hide.mutate({ updateId, reason }, { onSuccess: () => setReason("") });
      }}
    >
      <label htmlFor={id}>{t("hideReason")}</label>
      <input id={id} value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="button button-small" disabled={hide.isPending}>
        {t("hide")}
      </button>
      {hide.error && <p className="error">{errorMessage(hide.error)}</p>}
    </form>
  );
}
