import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
  globalIgnores([".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "e2e/artifacts/**", "bench/out/**"]),
]);
