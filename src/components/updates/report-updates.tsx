"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { Field } from "@/components/form/field";
import { PhotoGallery, type GalleryPhoto } from "@/components/photos/photo-gallery";
import { PhotoPicker } from "@/components/photos/photo-picker";
import { MAX_UPDATE_PHOTOS, usePhotoUploads } from "@/components/photos/use-photo-uploads";
import { signInPath } from "@/lib/return-path";
import { trpc, useErrorMessage } from "@/lib/trpc";

type Kind = "note" | "still_there" | "fixed" | "staff";
const TEXT_MAX = 2000;
/** How often the list looks again while a photo of an update is being processed. */
const PROCESSING_POLL_MS = 3000;

/**
 * A report's updates (ADR 0023), oldest first, and the form to add one: "Still there", "Fixed now"
 * or a note for citizens, a staff update for staff. Authors are named by what they are to the report,
 * never by name or number. `moderating`: the moderation panel's view, with each update's Hide (a
 * reason, audited) and the close or reopen request waiting for a moderator. An update's photos show
 * with it (ready ones for everyone; their author and staff also see how the others stand), and the
 * form sends the photos picked on it once the update is posted.
 */
export function ReportUpdates({ reportId, reportRef, signedIn, moderating = false }: { reportId: string; reportRef: string; signedIn: boolean; moderating?: boolean }) {
  const t = useTranslations("Updates");
  const format = useFormatter();
  const headingId = useId();
  const updates = trpc.updates.list.useQuery(
    { reportId: reportRef },
    { retry: false, refetchInterval: (query) => (query.state.data?.items.some((u) => u.photos.some((p) => p.status === "processing")) ? PROCESSING_POLL_MS : false) },
  );
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
              <UpdatePhotos photos={u.photos} title={kindText[u.kind as Kind] ?? u.kind} showStates={u.byMe || moderating} moderating={moderating && !u.hidden} />
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
        <AddUpdate reportId={reportId} kinds={data.kinds as Kind[]} kindText={kindText} onPosted={() => void updates.refetch()} />
      ) : null}
    </section>
  );
}

/**
 * The form to add an update. Photos picked on it wait until the update is posted, then go to it one
 * by one with their progress (the report form's pattern, ADR 0018) while the form is free for the
 * next update.
 */
function AddUpdate({ reportId, kinds, kindText, onPosted }: { reportId: string; kinds: Kind[]; kindText: Record<Kind, string>; onPosted: () => void }) {
  const t = useTranslations("Updates");
  const errorMessage = useErrorMessage();
  const formId = useId();
  const [kind, setKind] = useState<Kind>(kinds.includes("still_there") ? "still_there" : kinds[0]!);
  const [text, setText] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const [posted, setPosted] = useState(false);
  const [sending, setSending] = useState<{ updateId: string; files: File[] }[]>([]);
  const picked = usePhotoUploads({ reportId: null, max: MAX_UPDATE_PHOTOS });
  const add = trpc.updates.add.useMutation({
    onSuccess: (update) => {
      const files = picked.items.map((i) => i.file);
      if (files.length > 0) setSending((all) => [...all, { updateId: update.id, files }]);
      picked.clear();
      setText("");
      setPosted(true);
      onPosted();
    },
  });
  const needsText = kind === "note" || kind === "staff";
  const textId = `${formId}-text`;
  const serverTextError = add.error?.data && "field" in add.error.data && add.error.data.field === "text" ? errorMessage(add.error) : null;
  return (
    <>
      {sending.map((s) => (
        <PostedPhotos key={s.updateId} reportId={reportId} updateId={s.updateId} files={s.files} onUploaded={onPosted} />
      ))}
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
        <PhotoPicker uploads={picked} forUpdate />
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
    </>
  );
}

/** The photos of an update just posted, on their way to it: each with its progress, a failed one retried or removed. */
function PostedPhotos({ reportId, updateId, files, onUploaded }: { reportId: string; updateId: string; files: File[]; onUploaded: () => void }) {
  const t = useTranslations("Updates");
  const uploads = usePhotoUploads({ reportId, updateId, max: MAX_UPDATE_PHOTOS, onUploaded });
  const handed = useRef(false);
  useEffect(() => {
    if (handed.current) return;
    handed.current = true;
    uploads.add(files);
  }, [uploads, files]);
  if (uploads.items.every((i) => i.state === "sent")) return null;
  return (
    <div className="update-photo-uploads" aria-label={t("photosSending")} role="group" data-testid="update-photo-uploads">
      <PhotoPicker uploads={uploads} forUpdate pickable={false} />
    </div>
  );
}

/**
 * An update's photos: the gallery of ready ones; for their author and staff, how the others stand
 * (being prepared, could not be read, hidden); for a moderator, a hide on each (admin.hidePhoto).
 */
function UpdatePhotos({ photos, title, showStates, moderating }: { photos: GalleryPhoto[]; title: string; showStates: boolean; moderating: boolean }) {
  const tPhotos = useTranslations("Photos");
  const pending = showStates ? photos.filter((p) => p.status !== "ready") : [];
  const stateText: Record<string, string> = { processing: tPhotos("stateProcessing"), failed: tPhotos("stateFailed"), hidden: tPhotos("stateHidden") };
  if (photos.length === 0) return null;
  return (
    <div className="update-photos" data-testid="update-photos">
      <PhotoGallery photos={photos} title={title} actions={moderating ? (photo) => <HideUpdatePhoto photoId={photo.id} /> : undefined} />
      {pending.length > 0 && (
        <ul className="photo-states" aria-live="polite">
          {pending.map((p) => (
            <li key={p.id}>{stateText[p.status] ?? stateText.processing}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function HideUpdatePhoto({ photoId }: { photoId: string }) {
  const tPhotos = useTranslations("Photos");
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const id = useId();
  const [reason, setReason] = useState("");
  const hide = trpc.admin.hidePhoto.useMutation({ onSuccess: () => void utils.updates.list.invalidate() });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        hide.mutate({ photoId, reason }, { onSuccess: () => setReason("") });
      }}
    >
      <label htmlFor={id}>{tPhotos("hideReason")}</label>
      <input id={id} value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="button button-small" disabled={hide.isPending}>
        {tPhotos("hide")}
      </button>
      {hide.error && <p className="error">{errorMessage(hide.error)}</p>}
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
