// use-intl is next-intl's framework-neutral core: the domain and background functions use it without Next.
import { type AbstractIntlMessages, createFormatter, createTranslator } from "use-intl/core";
import type { Locale } from "@/shared/locales";
import { intlLocale } from "@/shared/locales";
import enAccount from "../../messages/en/account.json";
import enAdmin from "../../messages/en/admin.json";
import enCitizen from "../../messages/en/citizen.json";
import enCore from "../../messages/en/core.json";
import enPhotos from "../../messages/en/photos.json";
import enServiceLevels from "../../messages/en/service-levels.json";
import enAlerts from "../../messages/en/alerts.json";
import enOpen311 from "../../messages/en/open311.json";
import enBodies from "../../messages/en/bodies.json";
import enUpdates from "../../messages/en/updates.json";
import enOpenData from "../../messages/en/open-data.json";
import hiAccount from "../../messages/hi/account.json";
import hiAdmin from "../../messages/hi/admin.json";
import hiCitizen from "../../messages/hi/citizen.json";
import hiCore from "../../messages/hi/core.json";
import hiPhotos from "../../messages/hi/photos.json";
import hiServiceLevels from "../../messages/hi/service-levels.json";
import hiAlerts from "../../messages/hi/alerts.json";
import hiOpen311 from "../../messages/hi/open311.json";
import hiBodies from "../../messages/hi/bodies.json";
import hiUpdates from "../../messages/hi/updates.json";
import hiOpenData from "../../messages/hi/open-data.json";
import { FORMATS, TIME_ZONE } from "./formats";

/**
 * Each language's catalog is split by area (messages/<locale>/<area>.json), each file holding whole
 * namespaces; a namespace lives in one file only. tests/i18n/catalogs.test.ts keeps them in step
 * with the code and with each other.
 */
export const CATALOG_FILES = {
  en: { core: enCore, citizen: enCitizen, account: enAccount, admin: enAdmin, photos: enPhotos, serviceLevels: enServiceLevels, alerts: enAlerts, open311: enOpen311, bodies: enBodies, updates: enUpdates, openData: enOpenData },
  hi: { core: hiCore, citizen: hiCitizen, account: hiAccount, admin: hiAdmin, photos: hiPhotos, serviceLevels: hiServiceLevels, alerts: hiAlerts, open311: hiOpen311, bodies: hiBodies, updates: hiUpdates, openData: hiOpenData },
} as const;

const en = { ...enCore, ...enCitizen, ...enAccount, ...enAdmin, ...enPhotos, ...enServiceLevels, ...enAlerts, ...enOpen311, ...enBodies, ...enUpdates, ...enOpenData };
const hi = { ...hiCore, ...hiCitizen, ...hiAccount, ...hiAdmin, ...hiPhotos, ...hiServiceLevels, ...hiAlerts, ...hiOpen311, ...hiBodies, ...hiUpdates, ...hiOpenData };

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
