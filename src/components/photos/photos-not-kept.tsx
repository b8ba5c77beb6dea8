"use client";

import { useTranslations } from "next-intl";

/** Beside a report kept on the device to be sent later: the photos picked with it were not kept. */
export function PhotosNotKept() {
  const t = useTranslations("Photos");
  return (
    <p className="notice" role="status" data-testid="photos-not-kept">
      {t("notKeptOffline")}
    </p>
  );
}
