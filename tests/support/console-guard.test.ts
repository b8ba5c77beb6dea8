/**
 * The console guard (console-guard.ts) at work: a vitest run of the fixtures in
 * console-guard-fixtures/, under the guard as every suite runs, read back from its JSON report.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Report {
  testResults: { name: string; status: string; message: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "civiclens-console-guard-"));
let report: Report;

beforeAll(() => {
  const outputFile = join(dir, "report.json");
  const config = "tests/support/console-guard-fixtures/vitest.config.ts";
  const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--config", config, "--reporter=json", `--outputFile=${outputFile}`], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(run.status, run.stderr).toBe(1);
  report = JSON.parse(readFileSync(outputFile, "utf8")) as Report;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => report.testResults.find((f) => f.name.endsWith(`/${name}`))!;
const outcome = (title: string) => fixture("in-tests.fixture.ts").assertionResults.find((t) => t.title === title)!;

describe("an unexpected console.error", () => {
  it("fails the test that logged it, quoting the line", () => {
    expect(outcome("logs an error nobody declared").status).toBe("failed");
    expect(outcome("logs an error nobody declared").failureMessages.join()).toContain("[fixture] surprise");
  });

  it("fails the file when it came outside any test, though its tests passed", () => {
    const file = fixture("outside-tests.fixture.ts");
    expect(file.assertionResults.map((t) => t.status)).toEqual(["passed"]);
    expect(file.status).toBe("failed");
    expect(file.message).toContain("[fixture] logged while setting up");
  });
});

describe("a declared console.error", () => {
  it("passes, for the test or for the whole file, and when the test mocks console.error itself", () => {
    expect(outcome("logs the error it declared").status).toBe("passed");
    expect(outcome("logs an error the file declared").status).toBe("passed");
    expect(outcome("replaces console.error itself").status).toBe("passed");
  });

  it("fails when the error never comes", () => {
    expect(outcome("declares an error that never comes").status).toBe("failed");
    expect(outcome("declares an error that never comes").failureMessages.join()).toContain("no such console.error came");
  });
});
