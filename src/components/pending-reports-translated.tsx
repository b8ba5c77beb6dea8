"use client";

import { type AbstractIntlMessages, NextIntlClientProvider } from "next-intl";
import { FORMATS } from "@/i18n/formats";
import { PendingReports } from "./pending-reports";

/** PendingReports with the translations it needs, on a page whose layout gives none (the home page). */
export default function PendingReportsTranslated({ ownerId, locale, timeZone, messages }: { ownerId: string; locale: string; timeZone: string; messages: AbstractIntlMessages }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} formats={FORMATS} messages={messages}>
      <PendingReports ownerId={ownerId} />
    </NextIntlClientProvider>
  );
}
