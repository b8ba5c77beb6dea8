import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("NotFound");
  return (
    <section className="narrow">
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link className="button" href="/">{t("back")}</Link>
    </section>
  );
}
