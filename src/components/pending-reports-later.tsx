"use client";

import dynamic from "next/dynamic";
import type { AbstractIntlMessages } from "next-intl";

// Fetched only where it is shown: next-intl's browser runtime stays off a visitor's home page.
const Translated = dynamic(() => import("./pending-reports-translated"), { ssr: false });

export function PendingReportsLater(props: { ownerId: string; locale: string; timeZone: string; messages: AbstractIntlMessages }) {
  return <Translated {...props} />;
}
