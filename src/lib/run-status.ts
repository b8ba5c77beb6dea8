"use client";

import { useTranslations } from "next-intl";

/**
 * A background run's state as staff read it (the tasks monitor, the report panel, a report's page). A state the
 * catalog does not know yet is shown as recorded: staff can still look it up.
 */
export function useRunStatusLabel(): (status: string) => string {
  const t = useTranslations("AdminRunStatus");
  const labels: Record<string, string> = {
    queued: t("queued"),
    running: t("running"),
    retrying: t("retrying"),
    completed: t("completed"),
    failed: t("failed"),
    stale: t("stale"),
  };
  return (status) => labels[status] ?? status;
}
