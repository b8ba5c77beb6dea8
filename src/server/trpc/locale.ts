import type { Session } from "next-auth";
import { localeCookieFrom, resolveLocale } from "@/i18n/resolve-locale";
import { isLocale, type Locale } from "@/shared/locales";
import type { DB } from "../db/client";
import { findSessionUser } from "../domain/users";

/** What a request says about its reader's language, read once from its headers (createTRPCContext). */
export interface RequestLanguage {
  /** The NEXT_LOCALE cookie's value, as sent. */
  cookie: string | null;
  acceptLanguage: string | null;
}

export function requestLanguage(headers: Headers): RequestLanguage {
  return { cookie: localeCookieFrom(headers.get("cookie")), acceptLanguage: headers.get("accept-language") };
}

/**
 * The language a procedure answers in, chosen as a page's is (src/i18n/request.ts): the cookie, else
 * the signed-in account's saved language (only while its session stands, as for a page), else
 * Accept-Language, else English. The account is read only when there is no cookie and `account`
 * allows it: not when the database is the failure, nor when the session is what was refused.
 */
export async function answerLocale(ctx: { db: DB; session: Session | null; language?: RequestLanguage }, account: boolean): Promise<Locale> {
  const cookie = ctx.language?.cookie ?? null;
  const s = ctx.session;
  const ref = s?.user?.id && s.sid && s.epoch !== undefined ? { userId: s.user.id, sid: s.sid, epoch: s.epoch } : null;
  const saved = !isLocale(cookie) && account && ref ? ((await findSessionUser(ctx.db, ref).catch(() => undefined))?.locale ?? null) : null;
  return resolveLocale({ cookie, saved, acceptLanguage: ctx.language?.acceptLanguage ?? null });
}

/** The same without the account, for an answer that cannot wait on the database (an unexpected failure). */
export function headerLocale(language: RequestLanguage | undefined): Locale {
  return resolveLocale({ cookie: language?.cookie ?? null, acceptLanguage: language?.acceptLanguage ?? null });
}
