"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { PhotoGallery, type GalleryPhoto } from "./photo-gallery";

/** A report's photos in the moderation panel: the gallery, and in the light-box a hide with its reason (admin.hidePhoto, audited). */
export function ModeratorPhotos({ report }: { report: { id: string; title: string; photos: GalleryPhoto[] } }) {
  const t = useTranslations("Photos");
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const hide = trpc.admin.hidePhoto.useMutation({ onSuccess: () => void utils.admin.report.invalidate() });
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const hidden = report.photos.filter((p) => p.status === "hidden").length;
  if (report.photos.length === 0) return null;
  return (
    <section className="report-photos" aria-labelledby={`${reasonId}-heading`}>
      <h3 id={`${reasonId}-heading`}>{t("heading")}</h3>
      <PhotoGallery
        photos={report.photos}
        title={report.title}
        actions={(photo) => (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              hide.mutate({ photoId: photo.id, reason }, { onSuccess: () => setReason("") });
            }}
          >
            <label htmlFor={reasonId}>{t("hideReason")}</label>
            <input id={reasonId} value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="button button-small" disabled={hide.isPending}>
              {t("hide")}
            </button>
            {hide.error && <p className="error">{errorMessage(hide.error)}</p>}
          </form>
        )}
      />
      {hidden > 0 && <p className="muted">{t("hiddenCount", { count: hidden })}</p>}
    </section>
  );
}
