"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { PAGES_CACHE, SHELL_PATHS } from "@/lib/offline/shell";

/**
 * Renders nothing: in a production build, installs the service worker (public/sw.js, built from
 * src/lib/offline/service-worker.ts) from this bundle, so no inline script is needed under the CSP.
 * `next dev` runs without a worker (a cached build file would hide the next edit) and removes one a
 * production run on the same address left.
 *
 * On each page it hands the worker the build files loaded so far (those loaded before it took
 * control, on a first visit, are not in its cache; the rest are cache hits) and, for a page of the
 * app shell it does not keep yet, the page itself: one reached by a client-side navigation never
 * passes through the worker as a page.
 */
export function OfflineSupport() {
  const pathname = usePathname();

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (process.env.NODE_ENV !== "production") {
      void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
      return;
    }
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // No worker (a private window, an insecure origin): the app works online as before.
    });
  }, []);

  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    let cancelled = false;
    void navigator.serviceWorker.ready
      .then(async (registration) => {
        const urls: (string | [string, RequestInit])[] = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((url) => url.startsWith(`${location.origin}/_next/static/`));
        if (SHELL_PATHS.includes(pathname) && !(await caches.open(PAGES_CACHE).then((c) => c.match(pathname, { ignoreVary: true })))) {
          urls.push([pathname, { headers: { accept: "text/html" } }]);
        }
        if (!cancelled) registration.active?.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: urls } });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [pathname]);

  return null;
}
