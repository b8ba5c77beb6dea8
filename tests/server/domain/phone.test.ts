import { describe, expect, it } from "vitest";
import { maskPhone, normalizePhone } from "@/server/domain/phone";

describe("normalizePhone", () => {
  it.each([
    ["+91 98765 43210", "+919876543210"],
    ["098765-43210", "+919876543210"],
    ["9876543210", "+919876543210"],
    ["+1 (415) 555-2671", "+14155552671"],
    ["+44 7911 123456", "+447911123456"],
  ])("%s -> %s", (input, e164) => expect(normalizePhone(input, "IN")).toBe(e164));

  it.each(["", "12345", "abc", "+91 12345", "+999 1234567"])("refuses %j naming the phone field", (input) => {
    expect(() => normalizePhone(input, "IN")).toThrowError(expect.objectContaining({ code: "INVALID_INPUT", field: "phone" }));
  });
});

describe("maskPhone", () => {
  it("keeps the country code and last three digits", () => {
    expect(maskPhone("+919876543210")).toBe("+91 •••••••210");
  });
});
