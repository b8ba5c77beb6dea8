"use client";

import { useEffect } from "react";
import { SHELL_PATHS } from "@/lib/offline/shell";

/**
 * Renders nothing: in a production build, installs the service worker (public/sw.js, built from
 * src/lib/offline/service-worker.ts) from this bundle, so no inline script is needed under the CSP.
 * Then hands it the build files this page already loaded, which it keeps for offline use, and the
 * page itself when it is part of the app shell. `next dev` runs without a worker (a cached build
 * file would hide the next edit) and removes one a production run on the same address left.
 */
export function OfflineSupport() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (process.env.NODE_ENV !== "production") {
      void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
      return;
    }
    let cancelled = false;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        if (cancelled) return;
        const loaded = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((url) => url.startsWith(`${location.origin}/_next/static/`));
        const page: [string, RequestInit][] = SHELL_PATHS.includes(location.pathname) ? [[location.pathname, { headers: { accept: "text/html" } }]] : [];
        registration.active?.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [...loaded, ...page] } });
      })
      .catch(() => {
        // No worker (a private window, an insecure origin): the app works online as before.
      });
    return () => {
      cancelled = true;
    };
  }, []);
  return null;
}
