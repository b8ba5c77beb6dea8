import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TestProject } from "vitest/node";
import setup from "./global-setup";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the integration project's global setup", () => {
  it("removes the PGlite template's temporary directory in its teardown", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject;
    const teardown = await setup(project);
    const template = provided.pgliteTemplate as string;
    expect(existsSync(template)).toBe(true);
    await teardown();
    expect(existsSync(dirname(template))).toBe(false);
  });
});
