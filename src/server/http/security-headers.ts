import type { Env } from "../config/env";

/**
 * The security headers of every answer, in one place: pages and everything else Next serves get them
 * from src/proxy.ts (with a fresh nonce per request), the tRPC answers the production server writes
 * itself from server.ts (no nonce: a JSON answer runs no script). Pure, so the policy is tested as a value.
 */
export interface SecurityHeaderOptions {
  /** APP_URL: an https app is pinned to https (HSTS, upgrade-insecure-requests). */
  appUrl: string;
  /** MAP_TILE_URL: the map's images come from its host. */
  tileUrl: string;
  /** `next dev`: React's dev tooling evaluates code and Next's dev overlay injects styles. */
  dev: boolean;
  /** A per-request nonce; Next stamps it on its own scripts when it finds it in the request's CSP. */
  nonce?: string;
}

/** Two years, the preload list's minimum, once the app is served over https. */
const HSTS = "max-age=63072000; includeSubDomains";

export function securityHeaders({ appUrl, tileUrl, dev, nonce }: SecurityHeaderOptions): Record<string, string> {
  const https = new URL(appUrl).protocol === "https:";
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy({ https, tileUrl, dev, nonce }),
    "X-Content-Type-Options": "nosniff",
    // Browsers without frame-ancestors still honour this one.
    "X-Frame-Options": "DENY",
    // Cross-origin requests carry the origin only: the tile server sees which site asks (OpenStreetMap's
    // tile policy refuses requests without a referrer), never a report's or a token's path.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // The report form and the feed ask for the citizen's position; nothing needs the rest.
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
  };
  if (https) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

/** The headers for this deployment's settings (see SecurityHeaderOptions for what each one decides). */
export function securityHeadersFor(e: Pick<Env, "APP_URL" | "MAP_TILE_URL" | "NODE_ENV">, nonce?: string): Record<string, string> {
  return securityHeaders({ appUrl: e.APP_URL, tileUrl: e.MAP_TILE_URL, dev: e.NODE_ENV !== "production", nonce });
}

function contentSecurityPolicy({ https, tileUrl, dev, nonce }: { https: boolean; tileUrl: string; dev: boolean; nonce?: string }): string {
  const script = ["'self'"];
  if (nonce) script.push(`'nonce-${nonce}'`, "'strict-dynamic'");
  if (dev) script.push("'unsafe-eval'");
  // Production styles are stylesheets and nonce-stamped tags; Leaflet positions tiles through the
  // style property (CSSOM), which style-src does not govern. `next dev` injects <style> tags for hot
  // reloading and its error overlay without a nonce, so it alone gets 'unsafe-inline'.
  const style = dev ? ["'self'", "'unsafe-inline'"] : nonce ? ["'self'", `'nonce-${nonce}'`] : ["'self'"];
  const tiles = tileSource(tileUrl);
  const directives = [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    `style-src ${style.join(" ")}`,
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (/sw.js) and the web app manifest. Named, not left to script-src: with
    // 'strict-dynamic' there, 'self' is ignored and a worker would fall under the nonce rules.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The CSP source that admits a Leaflet tile template's host: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
 * gives `https://*.tile.example.org`; a template on this app's own paths gives null ('self' covers it).
 * Throws naming MAP_TILE_URL when the host is not one a policy can carry.
 */
export function tileSource(tileUrl: string): string | null {
  const match = /^(?:(https?:)\/\/|\/\/)([^/?#]*)/i.exec(tileUrl);
  if (!match) {
    if (tileUrl.startsWith("/")) return null;
    throw new Error(`MAP_TILE_URL must be an http(s) URL or a path on this app, not ${JSON.stringify(tileUrl)}`);
  }
  const scheme = match[1]?.toLowerCase() ?? "";
  const [host = "", port] = match[2]!.split(/:(?=[^:]*$)/);
  const labels = host.toLowerCase().split(".");
  // A placeholder ({s}, {switch:a,b}) stands for any label: the labels up to the last one holding a
  // placeholder become the wildcard. A wholly templated host leaves only the scheme to allow.
  const lastTemplated = labels.findLastIndex((label) => label.includes("{"));
  const fixed = labels.slice(lastTemplated + 1);
  if (lastTemplated >= 0 && fixed.length === 0) {
    if (scheme) return scheme;
    throw new Error(`MAP_TILE_URL's host is all placeholders and has no scheme: ${JSON.stringify(tileUrl)}`);
  }
  const source = `${lastTemplated >= 0 ? "*." : ""}${fixed.join(".")}${port !== undefined ? `:${port}` : ""}`;
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(source)) {
    throw new Error(`MAP_TILE_URL's host cannot go into a Content-Security-Policy: ${JSON.stringify(tileUrl)}`);
  }
  return `${scheme ? `${scheme}//` : ""}${source}`;
}

/** A nonce for one response: 128 random bits, base64 (the form CSP and Next's nonce parser accept). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
