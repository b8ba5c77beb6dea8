"use client";

import { useFormatter, useTranslations } from "next-intl";

interface ServiceLevelFields {
  status: string;
  acknowledgeBy: Date | string | null;
  resolveBy: Date | string | null;
  acknowledgeMet: boolean | null;
  resolveMet: boolean | null;
}

/**
 * "Expected by <date>" for the report's next stage, and how each stage already decided went: the
 * citizen's first question after filing is when. Nothing before the deadlines are set.
 */
export function ServiceLevelExpected({ report }: { report: ServiceLevelFields }) {
  const t = useTranslations("ServiceLevelExpected");
  const format = useFormatter();
  const when = (d: Date | string) => format.dateTime(new Date(d), "dateTime");
  const lines: { key: string; text: string }[] = [];
  const ended = report.status === "rejected" || report.status === "duplicate";
  if (report.acknowledgeBy) {
    const date = when(report.acknowledgeBy);
    const reached = !["submitted", "under_review"].includes(report.status);
    if (report.acknowledgeMet === true) lines.push({ key: "ack", text: t("acknowledgedOnTime", { date }) });
    else if (report.acknowledgeMet === false) lines.push({ key: "ack", text: reached ? t("acknowledgedLate", { date }) : t("acknowledgeOverdue", { date }) });
    else if (!ended) lines.push({ key: "ack", text: t("acknowledgeBy", { date }) });
  }
  if (report.resolveBy && !ended) {
    const date = when(report.resolveBy);
    if (report.resolveMet === true) lines.push({ key: "res", text: t("resolvedOnTime", { date }) });
    else if (report.resolveMet === false) lines.push({ key: "res", text: report.status === "resolved" ? t("resolvedLate", { date }) : t("resolveOverdue", { date }) });
    else lines.push({ key: "res", text: t("resolveBy", { date }) });
  }
  if (lines.length === 0) return null;
  return (
    <ul className="service-level muted" data-testid="service-level">
      {lines.map((l) => (
        <li key={l.key}>{l.text}</li>
      ))}
    </ul>
  );
}
