/**
 * Where to send someone back after signing in: a path on this site, or the fallback. A check on
 * the first characters is not enough: browsers read "/\evil.example" and "/<tab>/evil.example" as
 * "//evil.example", another site. So the value is resolved as the browser would resolve it, and
 * kept only when it stays on this origin.
 */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return fallback;
  // Backslashes and control characters have no place in a path we link to, and are how the tricks start.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  const base = "http://return-path.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `path` afterwards. */
export function signInPath(path: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeReturnPath(path))}`;
}
