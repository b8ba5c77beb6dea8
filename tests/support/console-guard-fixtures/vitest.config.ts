import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Runs the fixtures of tests/support/console-guard.test.ts under the guard, as the suite's configs do. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["*.fixture.ts"],
    environment: "node",
    setupFiles: ["../console-guard.ts"],
  },
});
