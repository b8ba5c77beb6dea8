"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { trpc } from "@/lib/trpc";
import { PhotoGallery, type GalleryPhoto } from "./photo-gallery";
import { PhotoPicker } from "./photo-picker";
import { usePhotoUploads } from "./use-photo-uploads";

/** How often the page looks again while a photo is being processed. */
const PROCESSING_POLL_MS = 3000;

/**
 * The photos section of a report page: the gallery for everyone; for the reporter, how each of their
 * other photos stands (processing, could not be read, hidden by a moderator) and, until the report
 * is closed, the picker to add more.
 */
export function ReportPhotos({ report }: { report: { id: string; title: string; photos: GalleryPhoto[]; canAddPhotos: boolean; isOwner: boolean } }) {
  const t = useTranslations("Photos");
  const utils = trpc.useUtils();
  const processing = report.photos.some((p) => p.status === "processing");
  const refresh = () => void utils.reports.byId.invalidate();
  const uploads = usePhotoUploads({ reportId: report.id, already: report.photos.filter((p) => p.status !== "failed").length, onUploaded: refresh });

  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => void utils.reports.byId.invalidate(), PROCESSING_POLL_MS);
    return () => clearInterval(timer);
  }, [processing, utils]);

  const pending = report.photos.filter((p) => p.status !== "ready");
  const stateText: Record<string, string> = {
    processing: t("stateProcessing"),
    failed: t("stateFailed"),
    hidden: t("stateHidden"),
  };
  if (report.photos.length === 0 && !report.canAddPhotos) return null;
  return (
    <section className="report-photos" aria-labelledby="report-photos-heading">
      <h2 id="report-photos-heading">{t("heading")}</h2>
      <PhotoGallery photos={report.photos} title={report.title} />
      {report.isOwner && pending.length > 0 && (
        <ul className="photo-states" aria-live="polite" data-testid="photo-states">
          {pending.map((p) => (
            <li key={p.id}>{stateText[p.status] ?? stateText.processing}</li>
          ))}
        </ul>
      )}
      {report.canAddPhotos && <PhotoPicker uploads={uploads} />}
    </section>
  );
}
