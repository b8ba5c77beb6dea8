import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SignOutEverywhere } from "@/app/profile/sign-out-everywhere";
import { VerifyEmail } from "@/app/verify-email/verify-email";
import { clientMessages } from "@/i18n/client-messages";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { Providers } from "@/lib/trpc";
import { intlLocale, type Locale } from "@/shared/locales";

// Account pages' client parts as their sections render them: the section's translations and API client.
function render(locale: Locale, element: ReactNode): string {
  const config: Omit<ComponentProps<typeof NextIntlClientProvider>, "children"> = { locale: intlLocale(locale), messages: clientMessages(CATALOGS[locale]), formats: FORMATS, timeZone: TIME_ZONE };
  const tree = createElement(NextIntlClientProvider, config as ComponentProps<typeof NextIntlClientProvider>, createElement(Providers, null, element));
  return renderToStaticMarkup(tree);
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("account pages", () => {
  it("keep the English words the browser journeys look for", () => {
    expect(text(render("en", createElement(SignOutEverywhere)))).toContain("Devices Lost a phone, or signed in on a shared computer?");
    expect(text(render("en", createElement(SignOutEverywhere)))).toContain("Sign out everywhere");
    const incomplete = render("en", createElement(VerifyEmail, { token: "" }));
    expect(text(incomplete)).toContain("Verification link incomplete");
    expect(incomplete).toContain('ask for a new one on <a href="/profile">your profile</a>.');
  });

  it("say them in Hindi, links kept", () => {
    const devices = text(render("hi", createElement(SignOutEverywhere)));
    expect(devices).toContain("डिवाइस");
    expect(devices).toContain("हर जगह से साइन आउट करें");
    expect(devices).not.toMatch(/[A-Za-z]{3,}/);
    const incomplete = render("hi", createElement(VerifyEmail, { token: "" }));
    expect(text(incomplete)).toContain("पुष्टि लिंक अधूरा है");
    expect(incomplete).toContain('<a href="/profile">अपनी प्रोफ़ाइल</a>');
  });
});
