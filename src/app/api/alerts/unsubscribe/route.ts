import { env } from "@/server/config/env";
import { db } from "@/server/db/client";
import { unsubscribeByToken } from "@/server/domain/alerts/subscriptions";
import { AppError } from "@/server/domain/errors";
import { readRequestBody } from "@/server/http/read-body";

export const dynamic = "force-dynamic";

/** A one-click body or the confirm page's one-field form; anything bigger is neither. */
const MAX_BODY_BYTES = 2048;
const MAX_TOKEN_CHARS = 200;

const refuse = (status: number, code: string, message: string, field: string) =>
  Response.json({ error: { code, message, field } }, { status, headers: { "cache-control": "no-store" } });

/**
 * An area alert's unsubscribe, by its signed link alone (no session, and from any site: a mail
 * provider's one-click POST, RFC 8058, comes from its servers). The token is in the query (the
 * List-Unsubscribe URL) or the confirm page's form. Only POST: a link scanner's GET changes nothing
 * (Next answers 405). A one-click POST gets 200; the page's form is sent back to the page, done.
 */
export async function POST(request: Request) {
  const bytes = await readRequestBody(request, MAX_BODY_BYTES);
  if (bytes === null) return refuse(413, "PAYLOAD_TOO_LARGE", "That is too much to be an unsubscribe.", "body");
  const form = new URLSearchParams(new TextDecoder().decode(bytes));
  const token = new URL(request.url).searchParams.get("token") ?? form.get("token") ?? "";
  if (token === "" || token.length > MAX_TOKEN_CHARS) return refuse(400, "BAD_INPUT", "The unsubscribe link is incomplete or not valid.", "token");
  try {
    const { removed } = await unsubscribeByToken(db(), env().NEXTAUTH_SECRET, token);
    if (form.get("List-Unsubscribe") === "One-Click") return Response.json({ removed }, { headers: { "cache-control": "no-store" } });
    return new Response(null, { status: 303, headers: { location: "/alerts/unsubscribe?done=1", "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof AppError && err.code === "INVALID_INPUT") return refuse(400, "BAD_INPUT", err.message, err.field ?? "token");
    throw err;
  }
}
