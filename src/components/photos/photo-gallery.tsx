"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

export interface GalleryPhoto {
  id: string;
  status: string;
  url: string | null;
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
}

/**
 * A report's ready photos as thumbnails; one opens in a light-box (a native modal dialog: Escape
 * closes it, the arrow keys move between photos, focus returns to the thumbnail). Alt text comes
 * from the report's title. `actions` adds controls under the open photo (a moderator's hide).
 */
export function PhotoGallery({ photos, title, actions }: { photos: GalleryPhoto[]; title: string; actions?: (photo: GalleryPhoto) => React.ReactNode }) {
  const t = useTranslations("Photos");
  const ready = photos.filter((p) => p.status === "ready" && p.url && p.thumbnailUrl);
  const [open, setOpen] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open !== null && !d.open) d.showModal();
    if (open === null && d.open) d.close();
  }, [open]);

  if (ready.length === 0) return null;
  const current = open !== null ? ready[Math.min(open, ready.length - 1)] : undefined;
  const alt = (n: number) => t("alt", { title, n: n + 1, count: ready.length });
  const move = (step: number) => setOpen((o) => (o === null ? o : (o + step + ready.length) % ready.length));

  return (
    <section className="photo-gallery" aria-label={t("galleryLabel")} data-testid="photo-gallery">
      <ul className="photo-thumbs">
        {ready.map((p, n) => (
          <li key={p.id}>
            <button
              type="button"
              className="photo-thumb"
              aria-label={t("open", { n: n + 1, count: ready.length })}
              onClick={(e) => {
                opener.current = e.currentTarget;
                setOpen(n);
              }}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- already sized WebP from the app's media route */}
              <img src={p.thumbnailUrl!} alt={alt(n)} loading="lazy" width={160} height={Math.round((160 * (p.height ?? 3)) / (p.width ?? 4))} />
            </button>
          </li>
        ))}
      </ul>
      <dialog
        ref={dialog}
        className="photo-lightbox"
        aria-label={current ? alt(open!) : t("galleryLabel")}
        onClose={() => {
          setOpen(null);
          opener.current?.focus();
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowRight") move(1);
          if (e.key === "ArrowLeft") move(-1);
        }}
      >
        {current && (
          <figure>
            {/* eslint-disable-next-line @next/next/no-img-element -- already sized WebP from the app's media route */}
            <img src={current.url!} alt={alt(open!)} width={current.width ?? undefined} height={current.height ?? undefined} />
            <figcaption>{t("position", { n: open! + 1, count: ready.length })}</figcaption>
          </figure>
        )}
        <div className="row">
          {ready.length > 1 && (
            <>
              <button type="button" className="button button-small" onClick={() => move(-1)}>
                {t("previous")}
              </button>
              <button type="button" className="button button-small" onClick={() => move(1)}>
                {t("next")}
              </button>
            </>
          )}
          {current && actions?.(current)}
          <button type="button" className="button button-small button-quiet" onClick={() => setOpen(null)} autoFocus>
            {t("close")}
          </button>
        </div>
      </dialog>
    </section>
  );
}
