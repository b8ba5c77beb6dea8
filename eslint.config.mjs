import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundaries from "./eslint-rules/boundaries.mjs";

// Which way imports may point (docs/ARCHITECTURE.md, "Boundaries"). Tests are not shipped: they may
// reach across layers to set things up.
const tests = ["**/*.test.ts", "**/*.test.tsx"];
const clientBoundary = {
  layer: "Client code",
  reason: "the browser must not load server code; what both sides need lives in src/shared",
  forbid: { paths: ["src/server", "inngest"], packages: ["server-only", "inngest", "@inngest/*"] },
  // The tRPC client is typed by the router; a type import is erased before anything is bundled.
  typesFrom: ["src/server/trpc/root"],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Migrations take Kysely<any> on purpose: they must not depend on the app's current types.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Tests are not React: `useTestDb()` is a vitest fixture, not a hook.
    files: ["tests/**", "e2e/**", "bench/**", "scripts/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    plugins: { civiclens: boundaries },
  },
  {
    files: ["src/components/**", "src/lib/**"],
    ignores: tests,
    rules: { "civiclens/import-boundaries": ["error", clientBoundary] },
  },
  {
    // Pages, layouts and routes are server code; a file that starts with "use client" is not.
    files: ["src/app/**"],
    ignores: tests,
    rules: { "civiclens/import-boundaries": ["error", { ...clientBoundary, clientModulesOnly: true }] },
  },
  {
    files: ["src/server/domain/**"],
    ignores: tests,
    rules: {
      "civiclens/import-boundaries": [
        "error",
        {
          layer: "Domain code",
          reason: "the domain takes a database handle and returns results; Inngest, tRPC, Next and the pages call it, never the reverse",
          forbid: {
            paths: ["inngest", "src/server/routers", "src/server/trpc", "src/app"],
            packages: ["inngest", "@inngest/*", "@trpc/*", "next", "next-auth"],
          },
        },
      ],
    },
  },
  {
    files: ["src/server/domain/**", "src/server/db/client.ts", "src/server/config/env.ts", "src/server/auth/auth-options.ts"],
    ignores: tests,
    rules: { "civiclens/require-server-only": "error" },
  },
  {
    files: ["migrations/**"],
    ignores: tests,
    rules: {
      "civiclens/import-boundaries": [
        "error",
        { layer: "A migration", reason: "a landed migration is frozen, so it must not change when the app's code does", allowOnly: { paths: ["migrations"] } },
      ],
    },
  },
  {
    files: ["src/shared/**"],
    ignores: tests,
    rules: {
      "civiclens/import-boundaries": [
        "error",
        { layer: "src/shared", reason: "the browser and the server both load it, so it depends on nothing but zod", allowOnly: { paths: ["src/shared"], packages: ["zod"] } },
      ],
    },
  },
  // public/sw.js: the service worker `npm run build` bundles from src/lib/offline/service-worker.ts.
  globalIgnores([".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "e2e/artifacts/**", "bench/out/**", "public/sw.js"]),
]);
