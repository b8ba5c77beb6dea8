import "server-only";
import { z } from "zod";

/**
 * The dates any input may carry: the years 1 to 9999, which JavaScript, ISO 8601 and PostgreSQL all
 * hold. JavaScript dates reach far beyond PostgreSQL's range (4713 BC to 294276 AD), and a query
 * given one fails instead of the input being refused.
 */
export const EARLIEST_DATE = new Date("0001-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("9999-12-31T23:59:59.999Z");
const RANGE = "must be a date between the years 1 and 9999";

export function isStorableDate(date: Date): boolean {
  const t = date.getTime();
  return t >= EARLIEST_DATE.getTime() && t <= LATEST_DATE.getTime();
}

/** Every date input: a Date, or an ISO string or epoch milliseconds that becomes one, within the range above. */
export const dateInput = z.coerce.date({ error: "must be a date" }).min(EARLIEST_DATE, RANGE).max(LATEST_DATE, RANGE);
