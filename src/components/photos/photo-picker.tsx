"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { photoLocation } from "@/lib/photos/photo-location";
import type { UploadFailure } from "@/lib/photos/upload-photo";
import type { PhotoUploads } from "./use-photo-uploads";

type Point = { latitude: number; longitude: number };

export interface PhotoPickerProps {
  /** The photos picked and their uploads (use-photo-uploads.ts): kept by the page, so they outlive the form they were picked on. */
  uploads: PhotoUploads;
  /** When the report has no location yet: offered the first picked photo's GPS position ("Use the photo's location?"). */
  onUseLocation?: (point: Point) => void;
  /** The photos go with an update (ADR 0023), not the report: its own words for the limit, the wait and who may. */
  forUpdate?: boolean;
  /** false: only the uploads' progress (an update's photos on their way), no file input. */
  pickable?: boolean;
}

/** The first of `files` that says where it was taken, read in the browser from the file as picked. */
async function firstLocation(files: File[]): Promise<Point | null> {
  for (const file of files) {
    const point = await photoLocation(file);
    if (point) return point;
  }
  return null;
}

/**
 * Adds photos to a report from the camera or the gallery (the phone offers both: no `capture`):
 * a thumbnail and progress for each, a failed one retried or removed. Each photo is sent on its
 * own (the page stays usable while they go); the server answers at once and processes them in the
 * background.
 */
export function PhotoPicker({ uploads, onUseLocation, forUpdate = false, pickable = true }: PhotoPickerProps) {
  const t = useTranslations("Photos");
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [offer, setOffer] = useState<Point | null>(null);
  const { items, room } = uploads;

  function picked(files: FileList | null) {
    if (!files) return;
    const chosen = uploads.add(Array.from(files));
    if (onUseLocation && !offer) void firstLocation(chosen).then((p) => p && setOffer(p));
    if (input.current) input.current.value = "";
  }

  const failureText: Record<UploadFailure, string> = {
    notAPhoto: t("errorNotAPhoto"),
    tooLarge: t("errorTooLarge"),
    cannotAdd: forUpdate ? t("updateErrorCannotAdd") : t("errorCannotAdd"),
    signIn: t("errorSignIn"),
    notYours: forUpdate ? t("updateErrorNotYours") : t("errorNotYours"),
    tooMany: t("errorTooMany"),
    network: t("errorNetwork"),
    failed: t("errorFailed"),
  };

  return (
    <div className="photo-picker" data-testid={forUpdate ? "update-photo-picker" : "photo-picker"}>
      {pickable && (
        <>
          <label htmlFor={inputId}>{forUpdate ? t("updateAddLabel") : t("addLabel")}</label>
          <p className="hint" id={`${inputId}-hint`}>
            {forUpdate ? t("updateAddHint", { count: room }) : t("addHint", { count: room })}
          </p>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic"
            multiple
            disabled={room === 0}
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => picked(e.target.files)}
          />
        </>
      )}
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
              {item.state === "waiting" && (
                <>
                  <span>{forUpdate ? t("updateWaiting") : t("waiting")}</span>
                  <button type="button" className="button button-small button-quiet" onClick={() => uploads.remove(item)}>
                    {t("remove")}
                  </button>
                </>
              )}
              {item.state === "sending" && <progress max={1} value={item.progress} aria-label={t("sending", { n: n + 1 })} />}
              {item.state === "sent" && <span>{t("sent")}</span>}
              {item.state === "failed" && (
                <>
                  <span className="error">{failureText[item.failure ?? "failed"]}</span>
                  <button type="button" className="button button-small" onClick={() => uploads.retry(item)}>
                    {t("retry")}
                  </button>
                  <button type="button" className="button button-small button-quiet" onClick={() => uploads.remove(item)}>
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
