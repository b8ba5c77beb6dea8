/** Pages the service worker keeps for offline use (network first), and the page it shows for any other. */
export const SHELL_PATHS = ["/", "/reports/new"];
export const OFFLINE_PATH = "/offline";
/** The cache of whole pages, which hold the signed-in person's header. */
export const PAGES_CACHE = "civiclens-pages";

/**
 * Drops the cached pages: on every sign-in and sign-out, so this device never shows one account's
 * pages (name, phone number) to the next, offline or not.
 */
export async function forgetCachedPages(): Promise<void> {
  try {
    if (typeof caches === "undefined" || !(await caches.has(PAGES_CACHE))) return;
    const cache = await caches.open(PAGES_CACHE);
    // The offline page is kept: the worker fetched it without a cookie, as a visitor sees it.
    for (const request of await cache.keys()) if (new URL(request.url).pathname !== OFFLINE_PATH) await cache.delete(request);
  } catch {
    // No Cache API (an insecure origin): nothing was kept.
  }
}
