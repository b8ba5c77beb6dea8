"use client";

import { useTranslations } from "next-intl";

/** The body a report was routed to, as the report page and the queue show it. Bodies' names are the city's own words. */
export function BodyBadge({ name }: { name: string | null | undefined }) {
  const t = useTranslations("Bodies");
  if (!name) return <span className="badge muted" data-testid="report-body">{t("notRouted")}</span>;
  return <span className="badge" data-testid="report-body" title={t("responsibleTitle")}>{t("responsible", { name })}</span>;
}

/** A `body_changed` timeline entry's heading, in the reader's language, from the names it recorded. */
export function BodyChangeHeading({ body }: { body: { from: string | null; to: string | null } }) {
  const t = useTranslations("Bodies");
  if (body.from) return <>{t("movedFromTo", { from: body.from, to: body.to ?? "" })}</>;
  return <>{t("sentTo", { to: body.to ?? "" })}</>;
}
