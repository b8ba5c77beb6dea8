import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@/shared/locales";

export interface LocaleSignals {
  /** The NEXT_LOCALE cookie's value, as sent: anything but a known code is ignored. */
  cookie?: string | null;
  /** The signed-in user's saved language (users.locale), if any. */
  saved?: string | null;
  /** The request's Accept-Language header. */
  acceptLanguage?: string | null;
}

/** An Accept-Language header longer than this is not a browser's: it is read as absent. */
const MAX_ACCEPT_LANGUAGE = 1000;

/**
 * The language of a page or a message: the visitor's explicit choice (the cookie), else the
 * account's saved language, else the best match for the browser's languages by their q-values
 * ("hi-IN" and "hi" both mean Hindi), else English.
 */
export function resolveLocale({ cookie, saved, acceptLanguage }: LocaleSignals): Locale {
  if (isLocale(cookie)) return cookie;
  if (isLocale(saved)) return saved;
  return negotiateLocale(acceptLanguage);
}

/** The best of our languages for an Accept-Language header, honouring q-values; English if none fits. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage || acceptLanguage.length > MAX_ACCEPT_LANGUAGE) return DEFAULT_LOCALE;
  // Negotiator orders the header's tags by q (dropping q=0); the matcher maps "hi-IN" to "hi".
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages().filter(isWellFormedTag);
  if (requested.length === 0) return DEFAULT_LOCALE;
  const found = match(requested, [...LOCALES], DEFAULT_LOCALE, { algorithm: "lookup" });
  return isLocale(found) ? found : DEFAULT_LOCALE;
}

/** A malformed tag (Intl throws RangeError on it) is skipped, not allowed to spoil the others. */
function isWellFormedTag(tag: string): boolean {
  if (tag === "*") return false;
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/** A cookie header's NEXT_LOCALE value, without parsing the rest. */
export function localeCookieFrom(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "NEXT_LOCALE") return rest.join("=");
  }
  return null;
}

/** The language of a request with no account to consult (e.g. asking for a sign-in code). */
export function localeFromHeaders(headers: Headers): Locale {
  return resolveLocale({ cookie: localeCookieFrom(headers.get("cookie")), acceptLanguage: headers.get("accept-language") });
}
