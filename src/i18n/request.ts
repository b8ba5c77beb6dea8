import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { signedInUser } from "@/server/auth/session";
import { intlLocale, isLocale, LOCALE_COOKIE } from "@/shared/locales";
import { FORMATS, TIME_ZONE } from "./formats";
import { CATALOGS } from "./messages";
import { resolveLocale } from "./resolve-locale";

/**
 * next-intl's per-request configuration (found by the plugin in next.config.ts). Pages have no
 * locale in their path: the cookie decides, else the signed-in user's saved language (read only
 * when there is no cookie, from the render's cached user), else Accept-Language, else English.
 */
export default getRequestConfig(async () => {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value ?? null;
  const saved = isLocale(cookie) ? null : ((await signedInUser().catch(() => null))?.locale ?? null);
  const locale = resolveLocale({ cookie, saved, acceptLanguage: (await headers()).get("accept-language") });
  return { locale: intlLocale(locale), messages: CATALOGS[locale], formats: FORMATS, timeZone: TIME_ZONE };
});
