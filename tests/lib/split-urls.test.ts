import { describe, expect, it } from "vitest";
import { splitUrls } from "@/lib/split-urls";

describe("splitUrls", () => {
  it("splits a verification email around its link", () => {
    const body = "Hello,\n\nConfirm your email: http://localhost:3000/verify-email?token=abc_DEF-123\n\nIt expires in 24 hours.";
    expect(splitUrls(body)).toEqual([
      { text: "Hello,\n\nConfirm your email: " },
      { url: "http://localhost:3000/verify-email?token=abc_DEF-123" },
      { text: "\n\nIt expires in 24 hours." },
    ]);
  });

  it("leaves sentence punctuation out of the link", () => {
    expect(splitUrls("See https://example.com/r/CL-2026-000123.")).toEqual([{ text: "See " }, { url: "https://example.com/r/CL-2026-000123" }, { text: "." }]);
    expect(splitUrls("(https://example.com/a), then")).toEqual([{ text: "(" }, { url: "https://example.com/a" }, { text: "), then" }]);
  });

  it("finds several links, and a link that is the whole text", () => {
    expect(splitUrls("https://a.example/x")).toEqual([{ url: "https://a.example/x" }]);
    expect(splitUrls("a https://a.example b http://b.example")).toEqual([{ text: "a " }, { url: "https://a.example" }, { text: " b " }, { url: "http://b.example" }]);
  });

  it("links only http(s), and keeps markup in text as text", () => {
    expect(splitUrls("javascript:alert(1) and data:text/html,<b>x</b>")).toEqual([{ text: "javascript:alert(1) and data:text/html,<b>x</b>" }]);
    expect(splitUrls('<a href="https://evil.example">x</a>')).toEqual([{ text: '<a href="' }, { url: "https://evil.example" }, { text: '">x</a>' }]);
    expect(splitUrls("https:// nothing")).toEqual([{ text: "https:// nothing" }]);
  });

  it("returns text without links as one part, and nothing for nothing", () => {
    expect(splitUrls("Your code is 123456")).toEqual([{ text: "Your code is 123456" }]);
    expect(splitUrls("")).toEqual([]);
  });
});
