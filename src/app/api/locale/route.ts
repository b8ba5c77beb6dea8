import { env } from "@/server/config/env";
import { signedInUser } from "@/server/auth/session";
import { setUserLocale } from "@/server/domain/profile/user-locale";
import { db } from "@/server/db/client";
import { safeReturnPath } from "@/lib/return-path";
import { isLocale, LOCALE_COOKIE } from "@/shared/locales";
import { readRequestBody } from "@/server/http/read-body";

export const dynamic = "force-dynamic";

/** A language switch is a two-field form; anything bigger is not one. */
const MAX_BODY_BYTES = 4096;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The shape every route's refusal has (as src/server/live/live-routes.ts): the field named apart from the words. */
const refuse = (status: number, code: string, message: string, field: string) =>
  Response.json({ error: { code, message, field } }, { status, headers: { "cache-control": "no-store" } });

/**
 * The header's language switch (a form POST, so it works without JavaScript): sets the NEXT_LOCALE
 * cookie, saves the choice on the signed-in account, and sends the browser back to the page it came
 * from (a path on this site only, src/lib/return-path.ts). Posts from other sites are refused.
 */
export async function POST(request: Request) {
  const appOrigin = new URL(env().APP_URL).origin;
  const origin = request.headers.get("origin");
  if ((origin !== null && origin !== appOrigin && origin !== new URL(request.url).origin) || request.headers.get("sec-fetch-site") === "cross-site") {
    return refuse(403, "FORBIDDEN", "The language can only be changed from CivicLens itself.", "origin");
  }
  const bytes = await readRequestBody(request, MAX_BODY_BYTES);
  if (bytes === null) return refuse(413, "PAYLOAD_TOO_LARGE", "That is too much to be a language choice.", "body");
  const body = new TextDecoder().decode(bytes);
  // The form is sent url-encoded (a form's default); anything else has no fields we read.
  const form = new URLSearchParams(body);
  const locale = form.get("locale");
  if (!isLocale(locale)) return refuse(400, "BAD_INPUT", "Choose English (en) or Hindi (hi).", "locale");
  const returnTo = safeReturnPath(form.get("returnTo"));

  // A database out of reach must not cost the visitor their choice: the cookie still carries it.
  const user = await signedInUser().catch(() => null);
  if (user) await setUserLocale(db(), user.id, locale).catch(() => undefined);

  const secure = appOrigin.startsWith("https:") ? "; Secure" : "";
  return new Response(null, {
    status: 303,
    headers: {
      location: returnTo,
      "set-cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`,
      "cache-control": "no-store",
    },
  });
}
