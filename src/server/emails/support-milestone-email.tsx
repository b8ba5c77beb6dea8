import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type ChannelMessage } from "./render-email";

export interface SupportMilestoneProps {
  ref: string;
  title: string | null;
  milestone: number;
  points: number;
  link: string;
  /** The reporter's saved language. */
  locale: Locale;
}

// A helper, not the component, reads `p.ref`: React's lint takes a prop named ref for a React ref.
function headlineOf(p: SupportMilestoneProps): string {
  const t = translator(p.locale, "SupportMilestone");
  return t("headline", { milestone: p.milestone, refCode: p.ref });
}

function SupportMilestoneEmail(p: SupportMilestoneProps) {
  const { title, milestone, points, link, locale } = p;
  const t = translator(locale, "SupportMilestone");
  const headline = headlineOf(p);
  return (
    <EmailLayout locale={locale} title={headline} footer={t("footer")}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headline}</h1>
      {title && <p style={{ fontWeight: 600 }}>{title}</p>}
      <p>{t("body", { milestone, points })}</p>
      <EmailButton href={link}>{t("seeReport")}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={link}>{link}</a>
      </p>
    </EmailLayout>
  );
}

export type SupportMilestoneMessage = ChannelMessage;

export async function renderSupportMilestoneMessage(channel: "email" | "sms", p: SupportMilestoneProps): Promise<SupportMilestoneMessage> {
  const t = translator(p.locale, "SupportMilestone");
  if (channel === "sms") return { channel, subject: null, html: null, text: t("sms", { milestone: p.milestone, refCode: p.ref, points: p.points, link: p.link }) };
  const text = [
    `CivicLens: ${headlineOf(p)}`,
    ...(p.title ? ["", p.title] : []),
    "",
    t("body", { milestone: p.milestone, points: p.points }),
    "",
    t("seeReportText", { link: p.link }),
    "",
    "--",
    t("footer"),
  ].join("\n");
  return { channel, subject: t("subject", { refCode: p.ref, milestone: p.milestone }), html: await renderHtml(<SupportMilestoneEmail {...p} />), text };
}
