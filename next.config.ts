import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own folder: keep it a real package.
  serverExternalPackages: ["@electric-sql/pglite", "libsodium-wrappers", "libsodium"],
  poweredByHeader: false,
  typedRoutes: false,
  // Pin the workspace root to this folder, so the dev server never watches a parent directory
  // (a checkout under /tmp saw pages reload in a loop while tests wrote their data there).
  turbopack: { root: fileURLToPath(new URL(".", import.meta.url)) },
};

// next-intl finds each request's language and catalog in src/i18n/request.ts (no locale in the path).
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

export default withNextIntl(nextConfig);
