/**
 * An unexpected console.error fails the test that logged it (a setup file of every vitest config).
 * Code reports what went wrong there (the logger's error lines included), so an error nobody
 * expected is a defect the test would otherwise pass over. A test that means to cause one says so:
 *
 *   expectConsoleError(/\[after-response\] task failed/);
 *
 * Inside a test, the declaration holds for that test; at file level or in beforeAll, for the whole
 * file. A declared error must come (a stale declaration fails too), and its lines are not printed.
 * A test that replaces console.error itself (vi.spyOn(console, "error").mockImplementation) has
 * declared it the same way.
 */
import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";

interface Expectation {
  pattern: RegExp;
  seen: number;
}

const print = console.error.bind(console);
const fileExpectations: Expectation[] = [];
let testExpectations: Expectation[] = [];
let inTest = false;
let testLines: string[] = [];
const fileLines: string[] = [];

/** Declares that a console.error matching `pattern` is expected: in the running test, or in the whole file when called outside one. */
export function expectConsoleError(pattern: RegExp): void {
  (inTest ? testExpectations : fileExpectations).push({ pattern, seen: 0 });
}

console.error = (...args: unknown[]) => {
  const line = format(...args);
  const expected = [...testExpectations, ...fileExpectations].find((e) => e.pattern.test(line));
  if (expected) {
    expected.seen += 1;
    return;
  }
  (inTest ? testLines : fileLines).push(line);
  print(...args);
};

function complaints(lines: string[], expectations: Expectation[], where: string): string[] {
  const shown = lines.map((line) => `  ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`);
  return [
    ...(lines.length > 0 ? [`console.error was called ${where} with no expectConsoleError() for it:`, ...shown] : []),
    ...expectations.filter((e) => e.seen === 0).map((e) => `expectConsoleError(${e.pattern}) was declared ${where}, but no such console.error came`),
  ];
}

beforeEach(() => {
  inTest = true;
});

afterEach(() => {
  const found = complaints(testLines, testExpectations, "in this test");
  inTest = false;
  testLines = [];
  testExpectations = [];
  if (found.length > 0) throw new Error(found.join("\n"));
});

afterAll(() => {
  const found = complaints(fileLines, fileExpectations, "in this file outside its tests");
  if (found.length > 0) throw new Error(found.join("\n"));
});
