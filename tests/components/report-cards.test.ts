import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FeedList, type FeedItem } from "@/components/feed-list";
import { ReportList } from "@/components/report-list";
import { clientMessages } from "@/i18n/client-messages";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { intlLocale, type Locale } from "@/shared/locales";

// The list components as a section's layout gives them translations (IntlClientProvider): only
// the namespaces the browser receives, the shared formats, India's time.
function IntlProvider({ locale, children }: { locale: Locale; children?: ReactNode }) {
  const config: Omit<ComponentProps<typeof NextIntlClientProvider>, "children"> = { locale: intlLocale(locale), messages: clientMessages(CATALOGS[locale]), formats: FORMATS, timeZone: TIME_ZONE };
  return createElement(NextIntlClientProvider, config as ComponentProps<typeof NextIntlClientProvider>, children);
}

const render = (locale: Locale, element: ReactNode) => renderToStaticMarkup(createElement(IntlProvider, { locale }, element));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");

// 5 December 2026, 21:30 in India.
const item: FeedItem = {
  id: "r1",
  ref: "CL-2026-000123",
  title: "Deep pothole",
  status: "under_review",
  category: "roads",
  severity: "high",
  priority: "urgent",
  address: "Near gate 2",
  createdAt: new Date("2026-12-05T16:00:00Z"),
  supportCount: 1234567,
};
const feed = (locale: Locale, items: FeedItem[] = [item]) => text(render(locale, createElement(FeedList, { items, hasMore: true, loadingMore: false, onMore: () => {} })));

describe("the public list of reports, in each language", () => {
  it("reads in English as it always has", () => {
    const shown = feed("en");
    expect(shown).toContain("Under review");
    expect(shown).toContain("Roads & potholes");
    expect(shown).toContain("Urgent");
    expect(shown).toContain("12,34,567 people affected");
    expect(shown).toContain("CL-2026-000123 · 5 Dec 2026, 9:30 pm · Near gate 2");
    expect(shown).toContain("Load more");
  });

  it("reads in Hindi: labels, counts and the date the Indian way", () => {
    const shown = feed("hi");
    expect(shown).toContain("समीक्षा में");
    expect(shown).toContain("सड़कें और गड्ढे");
    expect(shown).toContain("अति आवश्यक");
    expect(shown).toContain("12,34,567 लोग प्रभावित");
    expect(shown).toContain("5 दिस॰ 2026, 9:30 pm");
    expect(shown).toContain("और दिखाएँ");
    expect(shown).not.toMatch(/Under review|Roads|people affected|Load more|Dec/);
  });

  it("says one person, a report still being sorted, and an unknown status in words", () => {
    const one = { ...item, supportCount: 1, category: null, status: "escalated_to_ward" };
    expect(feed("en", [one])).toContain("1 person affected");
    expect(feed("en", [one])).toContain("Being sorted…");
    expect(feed("en", [one])).toContain("Escalated to ward");
    expect(feed("hi", [one])).toContain("1 व्यक्ति प्रभावित");
    expect(feed("hi", [one])).toContain("छँटाई हो रही है…");
  });
});

describe("a citizen's own reports, in Hindi", () => {
  it("shows severity, status and the filing date in Hindi", () => {
    const mine = { ...item, created_at: item.createdAt };
    const shown = text(render("hi", createElement(ReportList, { items: [mine], hasMore: false, loadingMore: false, onMore: () => {}, testId: "my-reports" })));
    expect(shown).toContain("ज़्यादा");
    expect(shown).toContain("समीक्षा में");
    expect(shown).toContain("5 दिस॰ 2026, 9:30 pm");
  });
});
