import { parsePhoneNumberWithError } from "libphonenumber-js";

/**
 * "+919876543210" -> "+91 98765 43210", for people to read. Safe in client components (no server
 * imports); anything that does not parse is shown as stored rather than hidden.
 */
export function formatPhone(e164: string): string {
  try {
    return parsePhoneNumberWithError(e164).formatInternational();
  } catch {
    return e164;
  }
}
