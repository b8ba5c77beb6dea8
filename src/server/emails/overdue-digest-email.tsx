import { formatter, translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";
import type { DigestGroup } from "@/server/domain/service-levels/digest";
import { EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface OverdueDigestProps {
  groups: DigestGroup[];
  /** The admin page's overdue list. */
  link: string;
  reportLink: (ref: string) => string;
  locale: Locale;
}

/** A category's name in the reader's language; every key written out for the catalog check. */
function categoryWord(locale: Locale, category: string | null): string {
  const labels = translator(locale, "Labels");
  const words: Record<string, () => string> = {
    roads: () => labels("category.roads"),
    streetlights: () => labels("category.streetlights"),
    garbage: () => labels("category.garbage"),
    water_supply: () => labels("category.water_supply"),
    drainage: () => labels("category.drainage"),
    electricity: () => labels("category.electricity"),
    trees_parks: () => labels("category.trees_parks"),
    public_property: () => labels("category.public_property"),
    public_safety: () => labels("category.public_safety"),
    environment: () => labels("category.environment"),
    other: () => labels("category.other"),
  };
  return (words[category ?? "other"] ?? words.other!)();
}

function texts(p: OverdueDigestProps) {
  const t = translator(p.locale, "ServiceLevelDigest");
  const format = formatter(p.locale);
  const count = p.groups.reduce((n, g) => n + g.items.length, 0);
  const heading = { acknowledge: t("acknowledgeHeading"), resolve: t("resolveHeading") };
  const sections = p.groups.map((g) => ({
    heading: heading[g.stage],
    items: g.items.map((i) => ({
      ref: i.ref,
      line: t("item", { refCode: i.ref, title: i.title, category: categoryWord(p.locale, i.category), deadline: format.dateTime(new Date(i.deadline), "dateTime") }),
    })),
  }));
  return { t, count, sections, subject: t("subject", { count }), headline: t("headline", { count }) };
}

function OverdueDigestEmail(p: OverdueDigestProps) {
  const { t, sections, headline } = texts(p);
  return (
    <EmailLayout locale={p.locale} title={headline} footer={t("footer")}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headline}</h1>
      {sections.map((s) => (
        <div key={s.heading}>
          <h2 style={{ fontSize: 16, margin: "16px 0 8px" }}>{s.heading}</h2>
          <ul>
            {s.items.map((i) => (
              <li key={i.ref}>
                <a href={p.reportLink(i.ref)}>{i.line}</a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <EmailButton href={p.link}>{t("seeAll")}</EmailButton>
    </EmailLayout>
  );
}

/** The hourly digest of newly overdue reports for one moderator, in their language. */
export async function renderOverdueDigest(p: OverdueDigestProps): Promise<RenderedEmail> {
  const { t, sections, subject, headline } = texts(p);
  const text = [
    `CivicLens: ${headline}`,
    ...sections.flatMap((s) => ["", s.heading, ...s.items.map((i) => `- ${i.line} ${p.reportLink(i.ref)}`)]),
    "",
    t("seeAllText", { link: p.link }),
    "",
    "--",
    t("footer"),
  ].join("\n");
  return { subject, html: await renderHtml(<OverdueDigestEmail {...p} />), text };
}
