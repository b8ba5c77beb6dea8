import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The fault suite (`npm run test:faults`, docs/RELIABILITY.md): each `*.faults.ts` file boots the
 * production build on a PostgreSQL database of its own and breaks something (Inngest, PostgreSQL,
 * the email provider, the load, the input). Needs `npm run build` first and PG_TEST_URL (or
 * DATABASE_URL). Files run one after another: each measures time, and two servers on two cores
 * would measure each other.
 */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("../../src/", import.meta.url)),
      "@root/": fileURLToPath(new URL("../../", import.meta.url)),
      // Tests run server modules outside React's server build, where `server-only` is a no-op too.
      "server-only": fileURLToPath(new URL("../../node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["tests/faults/**/*.faults.ts"],
    environment: "node",
    // An unexpected console.error in the test process fails the test (tests/support/console-guard.ts).
    setupFiles: ["tests/support/console-guard.ts"],
    globalSetup: ["tests/faults/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    // A fault that shows only sometimes is still a fault; a retry would hide it.
    retry: 0,
  },
});
