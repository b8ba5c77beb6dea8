import type { Formats } from "use-intl/core";

/**
 * The named formats every page uses, so a date reads the same everywhere in a language:
 * `format.dateTime(d, "dateTime")` in a component (`useFormatter()`, or `getFormatter()` on the
 * server), `format.number(n)` for counts. Times are India's, on the server and in the browser alike,
 * so the server's rendering and the browser's hydration agree.
 */
export const FORMATS = {
  dateTime: {
    date: { dateStyle: "medium" },
    dateTime: { dateStyle: "medium", timeStyle: "short" },
  },
  number: {
    integer: { maximumFractionDigits: 0 },
  },
} satisfies Formats;

export const TIME_ZONE = "Asia/Kolkata";
