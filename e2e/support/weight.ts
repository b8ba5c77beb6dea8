import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";

export interface ScriptWeight {
  url: string;
  /** Bytes of the script as the server sent them (after any Content-Encoding). */
  transferBytes: number;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  /** The script's text, for a test to ask what it holds (never written out). */
  body: string;
}

export interface PageWeight {
  url: string;
  scripts: ScriptWeight[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  transferBytes: number;
}

/**
 * Every script a fresh context fetches for a page: opened, `ready` awaited (what the page must
 * show, e.g. its map), then the network left to settle so chunks loaded after hydration count too.
 * Each script is compressed here with gzip (level 6, what nginx and most CDNs use by default) and
 * brotli (quality 11, what a CDN serves for static assets), whatever the server itself sent.
 */
export async function measureScripts(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>): Promise<PageWeight> {
  const page = await context.newPage();
  const pending: Promise<ScriptWeight | null>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      (async () => {
        const body = await response.body().catch(() => null);
        if (!body) return null;
        const sizes = await response.request().sizes().catch(() => null);
        return {
          url: response.url(),
          transferBytes: sizes ? sizes.responseBodySize : body.length,
          rawBytes: body.length,
          gzipBytes: gzipSync(body, { level: 6 }).length,
          brotliBytes: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
          body: body.toString("utf8"),
        };
      })(),
    );
  });
  await page.goto(url, { waitUntil: "load" });
  await ready(page);
  await page.waitForLoadState("networkidle");
  const scripts = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null);
  await page.close();
  const sum = (key: "rawBytes" | "gzipBytes" | "brotliBytes" | "transferBytes") => scripts.reduce((n, s) => n + s[key], 0);
  return { url, scripts, rawBytes: sum("rawBytes"), gzipBytes: sum("gzipBytes"), brotliBytes: sum("brotliBytes"), transferBytes: sum("transferBytes") };
}
