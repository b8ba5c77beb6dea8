import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  // PGlite ships WebAssembly and data files it loads from its own folder: keep it a real package.
  serverExternalPackages: ["@electric-sql/pglite", "libsodium-wrappers", "libsodium"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
