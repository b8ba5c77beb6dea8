import "server-only";
import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js";
import { AppError } from "./errors";
import { said } from "./server-messages";

/** Parses what a citizen typed ("98765 43210", "+91-98765-43210") into E.164, or says why not. */
export function normalizePhone(input: string, defaultCountry: string): string {
  try {
    const parsed = parsePhoneNumberWithError(input, defaultCountry as CountryCode);
    if (parsed.isValid()) return parsed.number;
  } catch {
    // fall through to the one message citizens see
  }
  throw new AppError("INVALID_INPUT", said("phoneInvalid"), { field: "phone" });
}

/** "+919876543210" -> "+91 ••••• ••210": enough to recognise, not enough to harvest. */
export function maskPhone(e164: string): string {
  const tail = e164.slice(-3);
  const head = e164.slice(0, Math.min(3, e164.length - 3));
  return `${head} ${"•".repeat(Math.max(e164.length - head.length - tail.length, 0))}${tail}`;
}

