import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "@/lib/return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeReturnPath("/reports/new")).toBe("/reports/new");
    expect(safeReturnPath("/reports?status=resolved&q=pothole#list")).toBe("/reports?status=resolved&q=pothole#list");
    expect(safeReturnPath("/reports/CL-2026-000123")).toBe("/reports/CL-2026-000123");
  });

  it("refuses another site, however it is spelt", () => {
    for (const evil of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " /reports",
      "javascript:alert(1)",
      "reports/new",
      "",
    ]) {
      expect(safeReturnPath(evil), JSON.stringify(evil)).toBe("/");
    }
  });

  it("gives the fallback for what is not a string or is absurdly long", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/reports"])).toBe("/");
    expect(safeReturnPath(`/${"a".repeat(3000)}`, "/home")).toBe("/home");
  });

  it("resolves dot segments without leaving the site", () => {
    expect(safeReturnPath("/reports/../../../etc")).toBe("/etc");
  });
});

describe("signInPath", () => {
  it("links to sign-in with the page to come back to", () => {
    expect(signInPath("/reports/new")).toBe("/signin?callbackUrl=%2Freports%2Fnew");
    expect(signInPath("//evil.example")).toBe("/signin?callbackUrl=%2F");
  });
});
