/**
 * The languages CivicLens speaks. The code ("en", "hi") is what the NEXT_LOCALE cookie, users.locale
 * and event payloads carry; the Intl locale is what dates and numbers are formatted with (Indian
 * conventions in both: lakh grouping, day before month).
 */
export const LOCALES = ["en", "hi"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that holds a visitor's choice; next-intl's name for it. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

const INTL_LOCALES: Record<Locale, string> = { en: "en-IN", hi: "hi-IN" };

/** Each language's name in itself: how the switcher offers it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", hi: "हिन्दी" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function intlLocale(locale: Locale): string {
  return INTL_LOCALES[locale];
}

/** The app's language for an Intl locale next-intl hands back ("hi-IN" -> "hi"). */
export function localeOfIntl(tag: string): Locale {
  const base = tag.toLowerCase().split("-")[0];
  return isLocale(base) ? base : DEFAULT_LOCALE;
}
