import { localeCookieFrom, resolveLocale } from "@/i18n/resolve-locale";
import type { Locale } from "@/shared/locales";
import { env } from "../config/env";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  /** The request's language (NEXT_LOCALE cookie, else Accept-Language): what a sign-in code's SMS is written in. */
  locale?: Locale;
}

/**
 * Who is calling, from the request headers. Behind a load balancer (TRUST_PROXY=true) the client is
 * the first x-forwarded-for hop; otherwise it is the last, the one our own server recorded, which a
 * client cannot forge.
 */
export function clientInfo(headers: Headers | Record<string, string | string[] | undefined>): ClientInfo {
  const get = (name: string): string | null => {
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
  };
  const hops = (get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const ip = (env().TRUST_PROXY ? hops[0] : hops.at(-1)) ?? get("x-real-ip") ?? null;
  const locale = resolveLocale({ cookie: localeCookieFrom(get("cookie")), acceptLanguage: get("accept-language") });
  return { ip: ip?.slice(0, 64) ?? null, userAgent: get("user-agent")?.slice(0, 500) ?? null, locale };
}
