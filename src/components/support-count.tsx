import { useTranslations } from "next-intl";

/** How many people said a report affects them too ("This affects me too"). */
export function SupportCount({ count }: { count: number }) {
  const t = useTranslations("ReportCard");
  return (
    <span className="support-count" data-testid="support-count" data-count={count}>
      {t("affected", { count })}
    </span>
  );
}
