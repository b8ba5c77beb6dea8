import type { ReactNode } from "react";
import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail, type ChannelMessage } from "./render-email";
import { statusWords } from "./status-label";

export interface StatusChangeProps {
  ref: string;
  title: string | null;
  status: string;
  note: string | null;
  link: string;
  /** For a follower, not the reporter: the notice says "a report you follow" and ends with this link to stop. */
  unfollowLink?: string | null;
  /** For a report marked a duplicate: the report it duplicates, which the reader can follow instead. */
  duplicateOf?: { ref: string; link: string } | null;
  /** The reader's saved language. */
  locale: Locale;
}

function headline(p: StatusChangeProps): string {
  const t = translator(p.locale, "StatusChange");
  const status = statusWords(p.locale, p.status).phrase;
  return p.unfollowLink ? t("headlineFollower", { refCode: p.ref, status }) : t("headlineReporter", { refCode: p.ref, status });
}

// Helpers, not the component, read `p.ref`: React's lint takes a prop named ref for a React ref.
function subject(p: StatusChangeProps): string {
  const t = translator(p.locale, "StatusChange");
  return t("subject", { refCode: p.ref, status: statusWords(p.locale, p.status).label });
}

function footer(p: StatusChangeProps): string {
  const t = translator(p.locale, "StatusChange");
  return p.unfollowLink ? t("footerFollower", { link: p.unfollowLink }) : t("footerReporter");
}

function StatusChangeEmail(p: StatusChangeProps) {
  const { title, note, link, unfollowLink, duplicateOf, locale } = p;
  const t = translator(locale, "StatusChange");
  const footerText = footer(p);
  const heading = headline(p);
  return (
    <EmailLayout locale={locale} title={subject(p)} footer={footerText}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{heading}</h1>
      {title && <p style={{ fontWeight: 600 }}>{title}</p>}
      {note ? (
        <p>
          {t("noteLabel")}
          <br />
          <span style={{ whiteSpace: "pre-wrap" }}>{note}</span>
        </p>
      ) : (
        <p>{t("noNote")}</p>
      )}
      {duplicateOf && <p>{t.rich("duplicateHtml", { refCode: duplicateOf.ref, link: (chunks: ReactNode) => <a href={duplicateOf.link}>{chunks}</a> })}</p>}
      <EmailButton href={duplicateOf ? duplicateOf.link : link}>{duplicateOf ? t("seeOther", { refCode: duplicateOf.ref }) : t("seeReport")}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={link}>{link}</a>
      </p>
      {unfollowLink && (
        <p style={{ fontSize: 14, color: "#5a6763" }}>
          <a href={unfollowLink}>{t("stopFollowing")}</a>
        </p>
      )}
    </EmailLayout>
  );
}

async function renderStatusChangeEmail(props: StatusChangeProps): Promise<RenderedEmail> {
  const t = translator(props.locale, "StatusChange");
  const text = [
    // Mid-sentence after the name: "CivicLens: your report … is now …" (no case in Devanagari).
    `CivicLens: ${headline(props).replace(/^./, (c) => c.toLowerCase())}`,
    ...(props.title ? ["", props.title] : []),
    "",
    props.note ? `${t("noteLabel")} ${props.note}` : t("noNote"),
    ...(props.duplicateOf ? ["", t("duplicateText", { refCode: props.duplicateOf.ref, link: props.duplicateOf.link })] : []),
    "",
    t("seeReportText", { link: props.link }),
    "",
    "--",
    footer(props),
  ].join("\n");
  return { subject: subject(props), html: await renderHtml(<StatusChangeEmail {...props} />), text };
}

export type StatusChangeMessage = ChannelMessage;

/** The notice for the channel the reader is told on: the reporter, or a follower when `unfollowLink` is set. */
export async function renderStatusChangeMessage(channel: "email" | "sms", props: StatusChangeProps): Promise<StatusChangeMessage> {
  if (channel === "email") return { channel, ...(await renderStatusChangeEmail(props)) };
  return { channel, subject: null, html: null, text: statusChangeSms(props) };
}

/** The SMS version: short, with the same facts. */
function statusChangeSms(props: StatusChangeProps): string {
  const t = translator(props.locale, "StatusChange");
  const status = statusWords(props.locale, props.status).phrase;
  const parts = [props.unfollowLink ? t("smsFollower", { refCode: props.ref, status }) : t("smsReporter", { refCode: props.ref, status })];
  if (props.note) parts.push(t("smsNote", { note: props.note.length > 200 ? `${props.note.slice(0, 199)}…` : props.note }));
  if (props.duplicateOf) parts.push(t("smsDuplicate", { refCode: props.duplicateOf.ref, link: props.duplicateOf.link }));
  parts.push(props.link);
  if (props.unfollowLink) parts.push(t("smsStop", { link: props.unfollowLink }));
  return parts.join(" ");
}
