/// <reference lib="webworker" />
/**
 * The service worker (built by `serwist build` after `next build` into public/sw.js; serwist.config.js).
 * What it keeps, and why nothing private leaks (docs/ARCHITECTURE.md, Offline filing):
 * - Next's build files (/_next/static/*: content-hashed, the same for everyone), cache first, as pages load them.
 * - The icons and the manifest (precached) and the offline page, fetched without cookies.
 * - The app shell pages (/, /reports/new), network first: the copy last loaded online is shown
 *   offline. It carries the signed-in header, so pages clear this cache on every sign-in and sign-out
 *   (forgetCachedPages); it is only ever shown on this device.
 * - Nothing else: no /api/* answer (tRPC, auth), no report page, no other navigation. Offline,
 *   any other page shows the offline page.
 * It also sends the reports filed offline when Background Sync fires (flushQueue).
 */
import { CacheFirst, ExpirationPlugin, NetworkFirst, NetworkOnly, Serwist, type PrecacheEntry, type SerwistPlugin } from "serwist";
import { flushQueue, SYNC_TAG } from "./flush-queue";
import { OFFLINE_PATH, PAGES_CACHE, SHELL_PATHS } from "./shell";

declare const self: ServiceWorkerGlobalScope & { __SW_MANIFEST: (PrecacheEntry | string)[] | undefined };

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/** Only a complete page is kept: not a redirect (to sign-in), an error or a partial answer. */
const completePagesOnly: SerwistPlugin = {
  cacheWillUpdate: async ({ response }) => (response.status === 200 && response.type === "basic" && !response.redirected ? response : null),
};

const offlineFallback: SerwistPlugin = {
  handlerDidError: async () => (await caches.open(PAGES_CACHE).then((c) => c.match(OFFLINE_PATH))) ?? Response.error(),
};

const sameOrigin = (url: URL) => url.origin === self.location.origin;
const wantsPage = (request: Request) => request.mode === "navigate" || (request.headers.get("accept") ?? "").includes("text/html");

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: ({ url }) => sameOrigin(url) && url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({ cacheName: "civiclens-static", plugins: [new ExpirationPlugin({ maxEntries: 200, purgeOnQuotaError: true })] }),
    },
    {
      matcher: ({ url, request }) => sameOrigin(url) && SHELL_PATHS.includes(url.pathname) && url.search === "" && wantsPage(request),
      // Looked up by path alone: a page handed over by OfflineSupport was fetched with other request
      // headers than a navigation sends, and Next's answers vary on request headers.
      handler: new NetworkFirst({ cacheName: PAGES_CACHE, networkTimeoutSeconds: 10, matchOptions: { ignoreVary: true }, plugins: [completePagesOnly, offlineFallback] }),
    },
    {
      matcher: ({ request, url }) => sameOrigin(url) && request.mode === "navigate",
      handler: new NetworkOnly({ plugins: [offlineFallback] }),
    },
  ],
});

/** The offline page as a visitor sees it: no cookie, so no one's name in its header. */
self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch(OFFLINE_PATH, { credentials: "omit" }).then(async (response) => {
      if (response.ok) await (await caches.open(PAGES_CACHE)).put(OFFLINE_PATH, response);
    }),
  );
});

self.addEventListener("sync", (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === SYNC_TAG) sync.waitUntil(sendKeptReports());
});

/**
 * Sends the kept reports of whoever is signed in now (a report is only ever sent under the account
 * that wrote it). Rejects while the server cannot be reached, so the browser tries again later.
 */
async function sendKeptReports() {
  const session = (await fetch("/api/auth/session", { credentials: "same-origin" }).then((r) => r.json())) as { user?: { id?: unknown } };
  const ownerId = session.user?.id;
  if (typeof ownerId !== "string") return;
  const result = await flushQueue(ownerId);
  if (result.unreachable) throw new Error("CivicLens is not reachable yet");
}

serwist.addEventListeners();
