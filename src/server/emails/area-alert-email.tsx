import { randomUUID } from "node:crypto";
import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";
import { statusWords } from "./status-label";

export interface AreaAlertItem {
  ref: string;
  title: string;
  kind: "created" | "status";
  status: string | null;
  link: string;
}

export interface AreaAlertProps {
  frequency: "immediate" | "daily";
  items: AreaAlertItem[];
  /** The map at the subscription's area. */
  areaLink: string;
  unsubscribeLink: string;
  locale: Locale;
}

/** Reports listed one by one in an email; the rest are counted and on the map. */
export const EMAIL_ITEMS_SHOWN = 30;
/** Refs named in an SMS, which stays short. */
const SMS_REFS_SHOWN = 3;

function headlineOf(p: AreaAlertProps): string {
  const t = translator(p.locale, "AreaAlert");
  return p.frequency === "daily" ? t("digestHeadline", { count: p.items.length }) : t("headline", { count: p.items.length });
}

function itemLine(locale: Locale, item: AreaAlertItem): string {
  const t = translator(locale, "AreaAlert");
  return item.kind === "status" && item.status ? t("statusItem", { refCode: item.ref, title: item.title, status: statusWords(locale, item.status).label }) : t("newItem", { refCode: item.ref, title: item.title });
}

function AreaAlertEmail(p: AreaAlertProps) {
  const t = translator(p.locale, "AreaAlert");
  const shown = p.items.slice(0, EMAIL_ITEMS_SHOWN);
  const more = p.items.length - shown.length;
  return (
    <EmailLayout locale={p.locale} title={headlineOf(p)} footer={t("footer")}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headlineOf(p)}</h1>
      <ul style={{ paddingLeft: 18 }}>
        {shown.map((item) => (
          <li key={`${item.ref}:${item.kind}:${item.status ?? ""}`} style={{ margin: "0 0 8px" }}>
            <a href={item.link}>{itemLine(p.locale, item)}</a>
          </li>
        ))}
      </ul>
      {more > 0 && <p>{t("more", { count: more })}</p>}
      <EmailButton href={p.areaLink}>{t("seeArea")}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={p.unsubscribeLink}>{t("unsubscribe")}</a>
      </p>
    </EmailLayout>
  );
}

export type AreaAlertMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

/** An area alert (or a day's digest) in the subscriber's language: a short SMS, or an email listing the reports. */
export async function renderAreaAlertMessage(channel: "email" | "sms", p: AreaAlertProps): Promise<AreaAlertMessage> {
  const t = translator(p.locale, "AreaAlert");
  if (channel === "sms") {
    const refs = p.items.slice(0, SMS_REFS_SHOWN).map((i) => i.ref).join(", ");
    const more = Math.max(0, p.items.length - SMS_REFS_SHOWN);
    return { channel, subject: null, html: null, text: t("sms", { count: p.items.length, refs, more, link: p.areaLink, stop: p.unsubscribeLink }) };
  }
  const shown = p.items.slice(0, EMAIL_ITEMS_SHOWN);
  const more = p.items.length - shown.length;
  const text = [
    `CivicLens: ${headlineOf(p)}`,
    "",
    ...shown.map((i) => `- ${itemLine(p.locale, i)}: ${i.link}`),
    ...(more > 0 ? ["", t("more", { count: more })] : []),
    "",
    t("seeAreaText", { link: p.areaLink }),
    t("unsubscribeText", { link: p.unsubscribeLink }),
    "",
    "--",
    t("footer"),
  ].join("\n");
  const subject = p.frequency === "daily" ? t("digestSubject", { count: p.items.length }) : t("subject", { count: p.items.length });
  return { channel, subject, html: await renderHtml(<AreaAlertEmail {...p} />), text };
}

/** One alert of many to render: its channel and what it says. */
export type AreaAlertToRender = AreaAlertProps & { channel: "email" | "sms" };

/** Stand-ins for each alert's own links while a shared rendering is made; unguessable, so no report title can hold one. */
const SLOT = randomUUID();
const AREA_SLOT = `https://${SLOT}.invalid/area`;
const UNSUBSCRIBE_SLOT = `https://${SLOT}.invalid/unsubscribe`;

/** What React's markup does to a string in text or an attribute. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!);
}

/**
 * Many alerts at once, as renderAreaAlertMessage renders each: alerts that share a channel, language,
 * frequency and reports (one report's fan-out: thousands of subscribers, a handful of distinct
 * messages) share one rendering, and each alert's own links (its area, its unsubscribe link) are put
 * in its copy afterwards, escaped for HTML as React would. An email takes milliseconds to render; a
 * page of hundreds of subscribers renders a few.
 */
export async function renderAreaAlertMessages(alerts: readonly AreaAlertToRender[]): Promise<AreaAlertMessage[]> {
  const shared = new Map<string, Promise<AreaAlertMessage>>();
  return Promise.all(
    alerts.map(async ({ channel, areaLink, unsubscribeLink, ...rest }) => {
      const key = JSON.stringify([channel, rest.locale, rest.frequency, rest.items]);
      let template = shared.get(key);
      if (!template) {
        template = renderAreaAlertMessage(channel, { ...rest, areaLink: AREA_SLOT, unsubscribeLink: UNSUBSCRIBE_SLOT });
        shared.set(key, template);
      }
      const t = await template;
      const fill = (s: string, escape: (v: string) => string) => s.replaceAll(AREA_SLOT, escape(areaLink)).replaceAll(UNSUBSCRIBE_SLOT, escape(unsubscribeLink));
      const text = fill(t.text, (v) => v);
      return t.channel === "sms" ? { ...t, text } : { ...t, text, html: fill(t.html, escapeHtml) };
    }),
  );
}
