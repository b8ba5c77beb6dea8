// use-intl is next-intl's framework-neutral core: the domain and background functions use it without Next.
import { type AbstractIntlMessages, createFormatter, createTranslator } from "use-intl/core";
import type { Locale } from "@/shared/locales";
import { intlLocale } from "@/shared/locales";
import enAccount from "../../messages/en/account.json";
import enAdmin from "../../messages/en/admin.json";
import enCitizen from "../../messages/en/citizen.json";
import enCore from "../../messages/en/core.json";
import enPhotos from "../../messages/en/photos.json";
import hiAccount from "../../messages/hi/account.json";
import hiAdmin from "../../messages/hi/admin.json";
import hiCitizen from "../../messages/hi/citizen.json";
import hiCore from "../../messages/hi/core.json";
import hiPhotos from "../../messages/hi/photos.json";
import { FORMATS, TIME_ZONE } from "./formats";

/**
 * Each language's catalog is split by area (messages/<locale>/<area>.json), each file holding whole
 * namespaces; a namespace lives in one file only. tests/i18n/catalogs.test.ts keeps them in step
 * with the code and with each other.
 */
export const CATALOG_FILES = {
  en: { core: enCore, citizen: enCitizen, account: enAccount, admin: enAdmin, photos: enPhotos },
  hi: { core: hiCore, citizen: hiCitizen, account: hiAccount, admin: hiAdmin, photos: hiPhotos },
} as const;

const en = { ...enCore, ...enCitizen, ...enAccount, ...enAdmin, ...enPhotos };
const hi = { ...hiCore, ...hiCitizen, ...hiAccount, ...hiAdmin, ...hiPhotos };

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
