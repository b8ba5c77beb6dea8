import { beforeAll, expect, it, vi } from "vitest";
import { expectConsoleError } from "../console-guard";

beforeAll(() => expectConsoleError(/for the whole file/));

it("logs an error nobody declared", () => {
  console.error("[fixture] surprise");
});

it("logs the error it declared", () => {
  expectConsoleError(/\[fixture\] expected/);
  console.error("[fixture] expected", new Error("boom"));
});

it("declares an error that never comes", () => {
  expectConsoleError(/\[fixture\] never/);
});

it("replaces console.error itself", () => {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  console.error("[fixture] swallowed");
  expect(spy).toHaveBeenCalledOnce();
  spy.mockRestore();
});

it("logs an error the file declared", () => {
  console.error("[fixture] declared for the whole file");
});
