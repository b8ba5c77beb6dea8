import { NextResponse, type NextRequest } from "next/server";
import { env } from "./server/config/env";
import { newNonce, securityHeadersFor } from "./server/http/security-headers";

/**
 * Every request Next serves (pages, API routes, static files, 404s) leaves with the security headers.
 * A fresh nonce goes into the request's Content-Security-Policy too: Next reads it there while
 * rendering and stamps it on its own scripts, so only those run. A nonce reaches only what is rendered
 * per request: every page is (the root layout's header reads the session cookie); a page prerendered at
 * build time would not hydrate, which e2e/security-headers.e2e.ts checks page by page. Next's own
 * /_global-error (shown when the root layout itself fails) is prerendered: its text shows, its scripts
 * are refused.
 */
export function proxy(request: NextRequest) {
  const headers = securityHeadersFor(env(), newNonce());
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
