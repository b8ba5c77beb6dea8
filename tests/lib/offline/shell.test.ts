import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetCachedPages, OFFLINE_PATH, PAGES_CACHE } from "@/lib/offline/shell";

/** The Cache API as far as forgetCachedPages uses it: named caches of requests. */
function fakeCaches(entries: Record<string, string[]>) {
  const stores = new Map(Object.entries(entries).map(([name, urls]) => [name, new Set(urls)]));
  return {
    stores,
    has: async (name: string) => stores.has(name),
    open: async (name: string) => {
      const urls = stores.get(name) ?? new Set<string>();
      stores.set(name, urls);
      return {
        keys: async () => [...urls].map((u) => new Request(u)),
        delete: async (r: Request) => urls.delete(r.url),
      };
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("forgetCachedPages", () => {
  it("drops every cached page but the offline page, which was fetched without a cookie", async () => {
    const caches = fakeCaches({
      [PAGES_CACHE]: ["https://civiclens.example/", "https://civiclens.example/reports/new", `https://civiclens.example${OFFLINE_PATH}`],
      "civiclens-static": ["https://civiclens.example/_next/static/chunks/app.js"],
    });
    vi.stubGlobal("caches", caches);
    await forgetCachedPages();
    expect([...caches.stores.get(PAGES_CACHE)!]).toEqual([`https://civiclens.example${OFFLINE_PATH}`]);
    expect(caches.stores.get("civiclens-static")!.size).toBe(1);
  });

  it("does nothing where there is no Cache API or no page cache yet", async () => {
    await expect(forgetCachedPages()).resolves.toBeUndefined();
    const caches = fakeCaches({});
    vi.stubGlobal("caches", caches);
    await forgetCachedPages();
    expect(caches.stores.has(PAGES_CACHE)).toBe(false);
  });
});
