import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AreaAlerts } from "@/app/profile/area-alerts";
import { clientMessages } from "@/i18n/client-messages";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { Providers } from "@/lib/trpc";
import { intlLocale, type Locale } from "@/shared/locales";
import type { MapConfig } from "@/shared/map-config";

// The profile's area alerts as its section renders them (before the list has loaded): the section's translations and API client.
function render(locale: Locale, element: ReactNode): string {
  const config: Omit<ComponentProps<typeof NextIntlClientProvider>, "children"> = { locale: intlLocale(locale), messages: clientMessages(CATALOGS[locale]), formats: FORMATS, timeZone: TIME_ZONE };
  const tree = createElement(NextIntlClientProvider, config as ComponentProps<typeof NextIntlClientProvider>, createElement(Providers, null, element));
  return renderToStaticMarkup(tree);
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const map = { center: [12.9716, 77.5946], zoom: 12 } as unknown as MapConfig;

describe("area alerts on the profile", () => {
  it("is a labelled section with its heading and the add button, in English", () => {
    const html = render("en", createElement(AreaAlerts, { map }));
    expect(html).toContain('aria-labelledby="area-alerts-heading"');
    expect(text(html)).toContain("Area alerts");
    expect(text(html)).toContain("Add an area alert");
  });

  it("and in Hindi", () => {
    const words = text(render("hi", createElement(AreaAlerts, { map })));
    expect(words).toContain("क्षेत्र अलर्ट");
    expect(words).toContain("क्षेत्र अलर्ट जोड़ें");
    expect(words).not.toContain("Add an area alert");
  });
});
