import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FollowButton } from "@/components/follow-button";
import { SupportButton } from "@/components/support-button";
import { clientMessages } from "@/i18n/client-messages";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { Providers } from "@/lib/trpc";
import { intlLocale, type Locale } from "@/shared/locales";

// The report page's buttons as the reports section renders them: its translations and its API client.
function render(locale: Locale, element: ReactNode): string {
  const config: Omit<ComponentProps<typeof NextIntlClientProvider>, "children"> = { locale: intlLocale(locale), messages: clientMessages(CATALOGS[locale]), formats: FORMATS, timeZone: TIME_ZONE };
  const tree = createElement(NextIntlClientProvider, config as ComponentProps<typeof NextIntlClientProvider>, createElement(Providers, null, element));
  return renderToStaticMarkup(tree).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

const report = { reportId: "r1", reportRef: "CL-2026-000123", onChange: () => {} };
const support = (locale: Locale, signedIn: boolean, cannotReason: string | null = null) =>
  render(locale, createElement(SupportButton, { ...report, supportCount: 25, supportedByMe: false, canSupport: signedIn && !cannotReason, signedIn, cannotReason }));
const follow = (locale: Locale, signedIn: boolean, followedByMe = false) =>
  render(locale, createElement(FollowButton, { ...report, followedByMe, canFollow: true, signedIn }));

describe("support and follow on a report's page", () => {
  it("keeps the English words the browser journeys look for", () => {
    expect(support("en", false)).toContain("25 people affected Sign in to support");
    expect(support("en", true)).toContain("This affects me too");
    expect(follow("en", false)).toContain("Sign in to follow");
    expect(follow("en", true, true)).toContain("Unfollow You hear of every status change.");
  });

  it("says them in Hindi", () => {
    expect(support("hi", false)).toContain("25 लोग प्रभावित समर्थन के लिए साइन इन करें");
    expect(support("hi", true)).toContain("इससे मैं भी प्रभावित हूँ");
    expect(follow("hi", false)).toContain("फ़ॉलो करने के लिए साइन इन करें");
    expect(follow("hi", true)).toContain("फ़ॉलो करें स्थिति के हर बदलाव की सूचना पाएँ।");
    expect(follow("hi", true, true)).not.toMatch(/[A-Za-z]{3,}/);
  });
});
