import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's real eslint.config.mjs, run on small files placed where the rules apply: a rule
// loosened there fails here.
const ROOT = resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

/** The ids of the boundary rules that `code` breaks, as if it were the file at `path`. */
async function broken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith("civiclens/") || m.fatal).map((m) => m.ruleId ?? m.message);
}

const CROSSED = ["civiclens/import-boundaries"];
const GUARD = 'import "server-only";\n';

describe("client code may not import server code", () => {
  it.each([
    ["src/components/fixture.tsx", 'import { env } from "@/server/config/env";'],
    ["src/lib/fixture.ts", 'import { db } from "../server/db/client";'],
    ["src/lib/fixture.ts", 'import { db } from "@root/src/server/db/client";'],
    ["src/components/fixture.tsx", 'import "server-only";'],
    ["src/lib/fixture.ts", 'import { inngestSender } from "@root/inngest/client";'],
    ["src/lib/fixture.ts", 'import { Inngest } from "inngest";'],
    ["src/lib/fixture.ts", 'export { STATUSES } from "@/server/domain/reports/status";'],
    ["src/components/fixture.tsx", 'export async function load() { return import("@/server/config/env"); }'],
    ["src/lib/fixture.ts", 'import type { User } from "@/server/db/schema";'],
    ["src/lib/fixture.ts", 'import { appRouter } from "@/server/trpc/root";'],
    ["src/app/reports/fixture.tsx", '"use client";\nimport { submitReport } from "@/server/domain/reports/submit-report";'],
    ["src/app/admin/deep/fixture.tsx", '"use client";\nimport { env } from "../../../server/config/env";'],
  ])("%s: %s", async (path, code) => {
    expect(await broken(path, code)).toEqual(CROSSED);
  });

  it.each([
    ["src/lib/fixture.ts", 'import type { AppRouter } from "@/server/trpc/root";'],
    ["src/components/fixture.tsx", 'import { CATEGORIES } from "@/shared/report-catalog";'],
    ["src/components/fixture.tsx", 'import { formatPhone } from "@/lib/format-phone";'],
    // A page is a server component: it reads the server and hands client components plain props.
    ["src/app/reports/fixture.tsx", 'import { mapConfig } from "@/server/config/map-config";'],
  ])("allows %s: %s", async (path, code) => {
    expect(await broken(path, code)).toEqual([]);
  });
});

describe("domain code may not import Inngest, tRPC, routers or pages", () => {
  it.each([
    'import { MODERATION_ACTIONS } from "@root/inngest/events";',
    'import { inngestSender } from "../../../../inngest/client";',
    'import { NonRetriableError } from "inngest";',
    'import { appRouter } from "../../trpc/root";',
    'import { reportsRouter } from "@/server/routers/reports";',
    'import { TRPCError } from "@trpc/server";',
    'import Page from "@/app/page";',
    'import { redirect } from "next/navigation";',
  ])("%s", async (code) => {
    expect(await broken("src/server/domain/reports/fixture.ts", GUARD + code)).toEqual(CROSSED);
  });

  it("allows the database, other domain modules and src/shared", async () => {
    const code = `${GUARD}import type { DB } from "../../db/client";\nimport { AppError } from "../errors";\nimport { ROLES } from "@/shared/roles";`;
    expect(await broken("src/server/domain/reports/fixture.ts", code)).toEqual([]);
  });
});

describe("migrations may not import the app", () => {
  it.each([
    'import { env } from "@/server/config/env";',
    'import { CATEGORIES } from "../src/shared/report-catalog";',
    'import { EVENTS } from "@root/inngest/events";',
  ])("%s", async (code) => {
    expect(await broken("migrations/20990101_0000_fixture.ts", code)).toEqual(CROSSED);
  });

  it("allows Kysely and other migrations", async () => {
    const code = 'import { sql } from "kysely";\nimport * as m0001 from "./20261128_0001_sign_in";';
    expect(await broken("migrations/20990101_0000_fixture.ts", code)).toEqual([]);
  });
});

describe("src/shared imports nothing but zod and itself", () => {
  it.each([
    'import { validate } from "uuid";',
    'import { createHash } from "node:crypto";',
    'import type { User } from "@/server/db/schema";',
    'import { formatPhone } from "../lib/format-phone";',
  ])("%s", async (code) => {
    expect(await broken("src/shared/fixture.ts", code)).toEqual(CROSSED);
  });

  it("allows zod and its own modules", async () => {
    const code = 'import { z } from "zod";\nimport { ROLES } from "./roles";\nimport { STATUSES } from "@/shared/report-catalog";';
    expect(await broken("src/shared/fixture.ts", code)).toEqual([]);
  });
});

describe('server modules start with import "server-only"', () => {
  it.each(["src/server/domain/reports/fixture.ts", "src/server/db/client.ts", "src/server/config/env.ts", "src/server/auth/auth-options.ts"])("%s", async (path) => {
    expect(await broken(path, "export const x = 1;")).toEqual(["civiclens/require-server-only"]);
    expect(await broken(path, `${GUARD}export const x = 1;`)).toEqual([]);
  });
});
