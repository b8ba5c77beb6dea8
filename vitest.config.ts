import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const roots = ["tests", "src", "inngest"];
// `*.pg.integration-test.ts` need a PostgreSQL server (the pg pool): they run when DATABASE_URL is set, as in CI.
const needsPostgres = process.env.DATABASE_URL ? [] : ["**/*.pg.integration-test.ts"];

/**
 * Two projects, told apart by file name (docs/ARCHITECTURE.md, Tests): `*.test.ts` are unit tests
 * and start at once; `*.integration-test.ts` touch a database, so their project first builds the
 * migrated template every file's database is copied from (tests/support/global-setup.ts).
 * `npm test` runs both; `npx vitest run --project unit` runs the unit tests alone.
 */
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
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/support/setup-env.ts", "tests/support/console-guard.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: roots.map((root) => `${root}/**/*.test.ts`),
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: roots.map((root) => `${root}/**/*.integration-test.ts`),
          exclude: ["**/node_modules/**", ...needsPostgres],
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
    ],
  },
});
