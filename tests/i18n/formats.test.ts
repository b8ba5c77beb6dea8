import { describe, expect, it } from "vitest";
import { formatter } from "@/i18n/messages";

// 5 December 2026, 21:30 in India (16:00 UTC).
const at = new Date("2026-12-05T16:00:00Z");

describe("dates and numbers for the reader's language", () => {
  it("formats a date and time the Indian way, in India's time, in each language", () => {
    expect(formatter("en").dateTime(at, "dateTime")).toBe("5 Dec 2026, 9:30 pm");
    expect(formatter("hi").dateTime(at, "dateTime")).toBe("5 दिस॰ 2026, 9:30 pm");
    expect(formatter("hi").dateTime(at, "date")).toBe("5 दिस॰ 2026");
  });

  it("groups numbers in lakhs", () => {
    expect(formatter("en").number(1234567)).toBe("12,34,567");
    expect(formatter("hi").number(1234567, "integer")).toBe("12,34,567");
  });
});
