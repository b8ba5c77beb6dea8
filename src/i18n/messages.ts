// use-intl is next-intl's framework-neutral core: the domain and background functions use it without Next.
import { type AbstractIntlMessages, createFormatter, createTranslator } from "use-intl/core";
import type { Locale } from "@/shared/locales";
import { intlLocale } from "@/shared/locales";
import en from "../../messages/en.json";
import hi from "../../messages/hi.json";
import { FORMATS, TIME_ZONE } from "./formats";

/** The catalogs, one per language (messages/*.json); tests/i18n/catalogs.test.ts keeps them in step with the code. */
export const CATALOGS: Record<Locale, AbstractIntlMessages> = { en, hi };

type Namespace = keyof typeof en;

/**
 * A translator outside a page render (SMS and email bodies, written by background functions): the
 * same catalog and formats as the pages, for the recipient's language.
 */
export function translator<N extends Namespace>(locale: Locale, namespace: N) {
  // Typed by the English catalog; the catalog test holds Hindi to the same keys.
  const messages = CATALOGS[locale] as typeof en;
  return createTranslator({ locale: intlLocale(locale), messages, namespace, formats: FORMATS, timeZone: TIME_ZONE });
}

/**
 * Dates and numbers outside a page render, as the pages format them (`useFormatter()` in a
 * component, `getFormatter()` in a Server Component): `formatter("hi").dateTime(d, "dateTime")`.
 */
export function formatter(locale: Locale) {
  return createFormatter({ locale: intlLocale(locale), formats: FORMATS, timeZone: TIME_ZONE });
}
