"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { photoLocation } from "@/lib/photos/photo-location";
import { uploadPhoto, type UploadFailure } from "@/lib/photos/upload-photo";

const MAX_PHOTOS = 4;

type Item = {
  key: string;
  file: File;
  preview: string;
  state: "sending" | "sent" | "failed";
  progress: number;
  failure?: UploadFailure;
};

export interface PhotoPickerProps {
  reportId: string;
  /** Photos the report already carries (not failed): the picker offers only the rest of the four. */
  already?: number;
  /** Told after each photo the server accepted, so the page can show it processing. */
  onUploaded?: () => void;
  /** When the report has no location yet: offered the first picked photo's GPS position ("Use the photo's location?"). */
  onUseLocation?: (point: { latitude: number; longitude: number }) => void;
}

/**
 * Adds photos to a report from the camera or the gallery: a thumbnail and progress for each, a
 * failed one retried or removed. Each photo is sent on its own as soon as it is picked (the page
 * stays usable while they go); the server answers at once and processes them in the background.
 */
export function PhotoPicker({ reportId, already = 0, onUploaded, onUseLocation }: PhotoPickerProps) {
  const t = useTranslations("Photos");
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [offer, setOffer] = useState<{ latitude: number; longitude: number } | null>(null);
  const previews = useRef(new Set<string>());

  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, []);

  const update = (key: string, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function send(item: Item) {
    update(item.key, { state: "sending", progress: 0, failure: undefined });
    const result = await uploadPhoto(reportId, item.file, (progress) => update(item.key, { progress }));
    if (result.ok) {
      update(item.key, { state: "sent", progress: 1 });
      onUploaded?.();
    } else {
      update(item.key, { state: "failed", failure: result.failure });
    }
  }

  const room = Math.max(0, MAX_PHOTOS - already - items.filter((i) => i.state !== "failed").length);

  function picked(files: FileList | null) {
    if (!files) return;
    const chosen = Array.from(files).slice(0, room);
    const added = chosen.map((file) => {
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      return { key: `${Date.now()}-${Math.random()}`, file, preview, state: "sending" as const, progress: 0 };
    });
    setItems((all) => [...all, ...added]);
    added.forEach((item) => void send(item));
    if (onUseLocation && !offer && chosen[0]) void photoLocation(chosen[0]).then((p) => p && setOffer(p));
    if (input.current) input.current.value = "";
  }

  function remove(item: Item) {
    URL.revokeObjectURL(item.preview);
    previews.current.delete(item.preview);
    setItems((all) => all.filter((i) => i.key !== item.key));
  }

  const failureText: Record<UploadFailure, string> = {
    notAPhoto: t("errorNotAPhoto"),
    tooLarge: t("errorTooLarge"),
    cannotAdd: t("errorCannotAdd"),
    signIn: t("errorSignIn"),
    notYours: t("errorNotYours"),
    tooMany: t("errorTooMany"),
    network: t("errorNetwork"),
    failed: t("errorFailed"),
  };

  return (
    <div className="photo-picker" data-testid="photo-picker">
      <label htmlFor={inputId}>{t("addLabel")}</label>
      <p className="hint" id={`${inputId}-hint`}>
        {t("addHint", { count: room })}
      </p>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
        multiple
        disabled={room === 0}
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => picked(e.target.files)}
      />
      {offer && onUseLocation && (
        <div className="notice row" role="status">
          <p>{t("locationOffer")}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              onUseLocation(offer);
              setOffer(null);
            }}
          >
            {t("locationUse")}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setOffer(null)}>
            {t("locationDismiss")}
          </button>
        </div>
      )}
      {items.length > 0 && (
        <ul className="photo-uploads" aria-live="polite">
          {items.map((item, n) => (
            <li key={item.key} className={`photo-upload photo-upload-${item.state}`}>
              {/* eslint-disable-next-line @next/next/no-img-element -- a local blob preview, not an optimisable image */}
              <img src={item.preview} alt={t("previewAlt", { n: n + 1 })} width={80} height={80} />
              {item.state === "sending" && <progress max={1} value={item.progress} aria-label={t("sending", { n: n + 1 })} />}
              {item.state === "sent" && <span>{t("sent")}</span>}
              {item.state === "failed" && (
                <>
                  <span className="error">{failureText[item.failure ?? "failed"]}</span>
                  <button type="button" className="button button-small" onClick={() => void send(item)}>
                    {t("retry")}
                  </button>
                  <button type="button" className="button button-small button-quiet" onClick={() => remove(item)}>
                    {t("remove")}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
