import { describe, expect, it } from "vitest";
import { formatPhone } from "@/lib/format-phone";

describe("formatPhone", () => {
  it.each([
    ["+919876543210", "+91 98765 43210"],
    ["+14155552671", "+1 415 555 2671"],
    ["+447911123456", "+44 7911 123456"],
  ])("%s -> %s", (e164, shown) => expect(formatPhone(e164)).toBe(shown));

  it.each(["", "not a phone", "12"])("shows %j as stored when it does not parse", (raw) => {
    expect(formatPhone(raw)).toBe(raw);
  });
});
