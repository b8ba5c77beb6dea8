import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own folder: keep it a real package.
  serverExternalPackages: ["@electric-sql/pglite", "libsodium-wrappers", "libsodium"],
  poweredByHeader: false,
  // src/proxy.ts runs before every route, so Next holds a request's body for it, up to this many
  // bytes (more is cut off). Room for the largest photo upload (10 MiB, server/domain/photos) and its
  // multipart envelope, so the upload route sees the photo whole or sees it pass its own limit (413).
  experimental: { proxyClientMaxBodySize: 10 * 1024 * 1024 + 512 * 1024 },
  typedRoutes: false,
  // Pin the workspace root to this folder, so the dev server never watches a parent directory
  // (a checkout under /tmp saw pages reload in a loop while tests wrote their data there).
  turbopack: { root: fileURLToPath(new URL(".", import.meta.url)) },
};

// next-intl finds each request's language and catalog in src/i18n/request.ts (no locale in the path).
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

export default withNextIntl(nextConfig);
