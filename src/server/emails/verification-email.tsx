import type { ReactNode } from "react";
import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface VerificationEmailProps {
  link: string;
  email: string;
  /** The account's saved language. */
  locale: Locale;
}

function VerificationEmail({ link, email, locale }: VerificationEmailProps) {
  const t = translator(locale, "VerificationEmail");
  return (
    <EmailLayout locale={locale} title={t("title")} footer={t("footer")}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{t("title")}</h1>
      <p>{t.rich("body", { email, strong: (chunks: ReactNode) => <strong>{chunks}</strong> })}</p>
      <EmailButton href={link}>{t("button")}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        {t("pasteLink")} <a href={link}>{link}</a>
        <br />
        {t("expiry")}
      </p>
    </EmailLayout>
  );
}

export async function renderVerificationEmail(props: VerificationEmailProps): Promise<RenderedEmail> {
  const t = translator(props.locale, "VerificationEmail");
  const text = [t("textLead"), "", t("textConfirm", { email: props.email }), props.link, "", t("expiry"), "", "--", t("footer")].join("\n");
  return { subject: t("subject"), html: await renderHtml(<VerificationEmail {...props} />), text };
}
