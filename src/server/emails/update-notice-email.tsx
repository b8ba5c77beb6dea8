import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail, type ChannelMessage } from "./render-email";

export interface UpdateNoticeProps {
  ref: string;
  title: string | null;
  /** How many new updates the notice is about. */
  count: number;
  /** The newest few, newest first. */
  quotes: { kind: string; text: string | null }[];
  link: string;
  /** For a follower: the link to stop following; null for the reporter. */
  unfollowLink: string | null;
  locale: Locale;
}

/** A kind as a notice names it; every key written out, so the catalog check sees each one. */
function kindWord(locale: Locale, kind: string): string {
  const t = translator(locale, "UpdateNotice");
  const words: Record<string, () => string> = {
    note: () => t("kind.note"),
    still_there: () => t("kind.still_there"),
    fixed: () => t("kind.fixed"),
    staff: () => t("kind.staff"),
  };
  return words[kind]?.() ?? kind;
}

const quoteLine = (locale: Locale, q: { kind: string; text: string | null }, max: number) =>
  q.text ? `${kindWord(locale, q.kind)}: ${q.text.length > max ? `${q.text.slice(0, max - 1)}…` : q.text}` : kindWord(locale, q.kind);

// Helpers, not the component, read `p.ref`: React's lint takes a prop named ref for a React ref.
function subjectOf(p: UpdateNoticeProps): string {
  const t = translator(p.locale, "UpdateNotice");
  return t("subject", { refCode: p.ref, count: p.count });
}

function footerOf(p: UpdateNoticeProps): string {
  const t = translator(p.locale, "UpdateNotice");
  return p.unfollowLink ? t("footerFollower", { link: p.unfollowLink }) : t("footerReporter");
}

function UpdateNoticeEmail(p: UpdateNoticeProps) {
  const { title, quotes, link, unfollowLink, locale } = p;
  const t = translator(locale, "UpdateNotice");
  return (
    <EmailLayout locale={locale} title={subjectOf(p)} footer={footerOf(p)}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{subjectOf(p)}</h1>
      {title && <p style={{ fontWeight: 600 }}>{title}</p>}
      {quotes.map((q, i) => (
        <p key={i} style={{ whiteSpace: "pre-wrap" }}>
          {quoteLine(locale, q, 600)}
        </p>
      ))}
      <EmailButton href={link}>{t("seeReport")}</EmailButton>
      {unfollowLink && (
        <p style={{ fontSize: 14, color: "#5a6763" }}>
          <a href={unfollowLink}>{t("stopFollowing")}</a>
        </p>
      )}
    </EmailLayout>
  );
}

export type UpdateNoticeMessage = ChannelMessage;

/** One notice of a report's new updates, on the reader's channel and in their language. */
export async function renderUpdateNotice(channel: "email" | "sms", p: UpdateNoticeProps): Promise<UpdateNoticeMessage> {
  const t = translator(p.locale, "UpdateNotice");
  if (channel === "sms") {
    const parts = [`CivicLens: ${subjectOf(p)}`, quoteLine(p.locale, p.quotes[0]!, 160), p.link];
    if (p.unfollowLink) parts.push(t("smsStop", { link: p.unfollowLink }));
    return { channel, subject: null, html: null, text: parts.join(" ") };
  }
  const text = [
    `CivicLens: ${subjectOf(p)}`,
    ...(p.title ? ["", p.title] : []),
    "",
    ...p.quotes.map((q) => quoteLine(p.locale, q, 600)),
    "",
    t("seeReportText", { link: p.link }),
    "",
    "--",
    footerOf(p),
  ].join("\n");
  const rendered: RenderedEmail = { subject: subjectOf(p), html: await renderHtml(<UpdateNoticeEmail {...p} />), text };
  return { channel, ...rendered };
}
