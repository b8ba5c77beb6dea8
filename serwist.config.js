// @ts-check
import { serwist } from "@serwist/next/config";

/**
 * The service worker: `npm run build` runs `serwist build` after `next build`, which bundles
 * src/lib/offline/service-worker.ts with esbuild into public/sw.js (not committed).
 * Precached at install: only the icons. Next's build files are cached as pages load them (the page
 * hands the worker the ones it already loaded), so a first visit downloads nothing twice.
 */
export default serwist({
  swSrc: "src/lib/offline/service-worker.ts",
  swDest: "public/sw.js",
  globPatterns: ["public/icons/*.png", "public/favicon.svg"],
  precachePrerendered: false,
});
