import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("./src/", import.meta.url)),
      "@root/": fileURLToPath(new URL("./", import.meta.url)),
      // Tests run server modules outside React's server build, where `server-only` is a no-op too.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "src/**/*.test.ts", "inngest/**/*.test.ts"],
    // `*.pg.test.ts` need a PostgreSQL server (the pg pool): they run when DATABASE_URL is set, as in CI.
    exclude: ["**/node_modules/**", ...(process.env.DATABASE_URL ? [] : ["**/*.pg.test.ts"])],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
  },
});
