import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * End-to-end tests: each file boots the real app against the Inngest stand-in
 * (e2e/support/app-server.ts), the production build for almost all of them (`npm run build` first),
 * `next dev` for the two that test it. Files run one after another: only one `next dev` may run in
 * this directory at a time, and the machine has few cores.
 */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("../src/", import.meta.url)),
      "@root/": fileURLToPath(new URL("../", import.meta.url)),
    },
  },
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    // An unexpected console.error in the test process fails the test (tests/support/console-guard.ts).
    setupFiles: ["tests/support/console-guard.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    // A failed e2e is a real signal; retrying would hide flakiness.
    retry: 0,
    // expect.poll waits 1 s by default: a browser page answered by a loaded CI machine (the suite
    // beside it, next dev compiling in the files that use it) can take longer to show a server's answer. A real failure
    // still fails, 10 s later.
    expect: { poll: { timeout: 10_000 } },
  },
});
