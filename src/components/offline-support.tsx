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
 * On each page it hands the worker the build files loaded so far and those loaded later (those
 * fetched before it took control, on a first visit, are not in its cache; the rest are cache hits:
 * a part of a page that is fetched when shown, missing offline, would take the page down) and, for a page of the
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
    let observer: PerformanceObserver | null = null;
    const isBuildFile = (url: string) => url.startsWith(`${location.origin}/_next/static/`);
    void navigator.serviceWorker.ready
      .then(async (registration) => {
        const hand = (urlsToCache: (string | [string, RequestInit])[]) => {
          if (!cancelled && urlsToCache.length > 0) registration.active?.postMessage({ type: "CACHE_URLS", payload: { urlsToCache } });
        };
        const urls: (string | [string, RequestInit])[] = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter(isBuildFile);
        if (SHELL_PATHS.includes(pathname) && !(await caches.open(PAGES_CACHE).then((c) => c.match(pathname, { ignoreVary: true })))) {
          urls.push([pathname, { headers: { accept: "text/html" } }]);
        }
        hand(urls);
        // A file fetched later (a part of the page loaded when it is shown) may still have gone past
        // the worker, until it controls this page: hand those over too. For the worker, a file it
        // already keeps is a cache hit, not a download.
        if (cancelled || typeof PerformanceObserver === "undefined") return;
        observer = new PerformanceObserver((list) => hand(list.getEntries().map((e) => e.name).filter(isBuildFile)));
        observer.observe({ type: "resource" });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
  }, [pathname]);

  return null;
}
