import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface SupportMilestoneProps {
  ref: string;
  title: string | null;
  milestone: number;
  points: number;
  link: string;
  /** The reporter's saved language. */
  locale: Locale;
}

function SupportMilestoneEmail(p: SupportMilestoneProps) {
  const t = translator(p.locale, "SupportMilestone");
  const headline = t("headline", { milestone: p.milestone, ref: p.ref });
  return (
    <EmailLayout locale={p.locale} title={headline} footer={t("footer")}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headline}</h1>
      {p.title && <p style={{ fontWeight: 600 }}>{p.title}</p>}
      <p>{t("body", { milestone: p.milestone, points: p.points })}</p>
      <EmailButton href={p.link}>{t("seeReport")}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={p.link}>{p.link}</a>
      </p>
    </EmailLayout>
  );
}

export type SupportMilestoneMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

export async function renderSupportMilestoneMessage(channel: "email" | "sms", p: SupportMilestoneProps): Promise<SupportMilestoneMessage> {
  const t = translator(p.locale, "SupportMilestone");
  if (channel === "sms") return { channel, subject: null, html: null, text: t("sms", { milestone: p.milestone, ref: p.ref, points: p.points, link: p.link }) };
  const text = [
    `CivicLens: ${t("headline", { milestone: p.milestone, ref: p.ref })}`,
    ...(p.title ? ["", p.title] : []),
    "",
    t("body", { milestone: p.milestone, points: p.points }),
    "",
    t("seeReportText", { link: p.link }),
    "",
    "--",
    t("footer"),
  ].join("\n");
  return { channel, subject: t("subject", { ref: p.ref, milestone: p.milestone }), html: await renderHtml(<SupportMilestoneEmail {...p} />), text };
}
