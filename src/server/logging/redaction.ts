/**
 * What never reaches a log line: phone numbers, email addresses, one-time codes and tokens. Known
 * fields are censored by path (pino's `redact`); then every finished line is scrubbed as text, so
 * the same values inside a message, an error's message or stack, or a field of any other name go
 * too (a provider's error that quotes the number it could not reach, a URL with a token in it).
 */
export const REDACTED = "[redacted]";

const SENSITIVE_FIELDS = ["phone", "email", "recipient", "otp", "otpCode", "token", "password", "secret", "authorization", "cookie", "apiKey", "signingKey", "eventKey"];

/**
 * pino `redact` paths: each sensitive field at the top and one level down (`{ user: { phone } }`),
 * request headers, and the code and token of an event's payload (`auth/otp.requested`,
 * `user/email-verification.requested`). Not every `code`: an error's `code` (ECONNREFUSED) is kept.
 */
export const REDACT_PATHS = [
  ...SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`]),
  'headers["set-cookie"]',
  'headers["x-inngest-signature"]',
  "data.code",
  "event.data.code",
  "*.data.code",
];

// The patterns run on finished JSON lines, where a separator may be an escape (`\t`, `\"`). Each
// leaves JSON intact: it replaces no quote and no backslash, and starts no match right after a
// backslash (the `n` of `\n` is not the start of a value), while a word may start right after an
// escape (`\tcode 123456`).
const WORD_START = String.raw`(?:(?<=\\[nrt])|(?<![A-Za-z0-9_\\]))`;
const GAP = String.raw`(?:\\?["']|\s|\\[nrt])*`;
const pattern = (source: string) => new RegExp(source, "gi");

const TEXT_PATTERNS: [RegExp, string][] = [
  // Bearer and Basic credentials, Inngest signing keys, and any `token=…` or `"secret":"…"` pair.
  [pattern(String.raw`${WORD_START}Bearer\s+[A-Za-z0-9._~+/=-]+`), `Bearer ${REDACTED}`],
  [pattern(String.raw`${WORD_START}Basic\s+[A-Za-z0-9+/]{12,}=*`), `Basic ${REDACTED}`],
  [pattern(String.raw`${WORD_START}signkey-\w+-[0-9a-f]+`), `signkey-${REDACTED}`],
  [pattern(String.raw`${WORD_START}((?:access_|refresh_|id_)?token|secret|password|api[_-]?key)(\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted\])[^\s"'\\&,;}]+`), `$1$2${REDACTED}`],
  // Email addresses, also percent-encoded (a query string).
  [pattern(String.raw`(?<!\\)[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`), REDACTED],
  // Phone numbers in international form, with or without spaces or dashes (+919876543210,
  // +91 98765 43210), also percent-encoded.
  [pattern(String.raw`(?:\+|%2B)\d(?:(?:[ -]|%20)?\d){7,14}`), REDACTED],
  // A six-digit one-time code next to the word "code": "code 123456", "code: 123456",
  // `"code":"123456"`, "code is 123456" (a five-digit SQLSTATE such as 23505 is kept)…
  [pattern(String.raw`${WORD_START}(code${GAP}(?:[:=]|is)?${GAP})\d{6}(?!\d)`), `$1${REDACTED}`],
  // …or before it, as the SMS says it: "123456 is your CivicLens sign-in code".
  [pattern(String.raw`(?<![\d\\])\d{6}(?= is your [\w -]{0,40}code)`), REDACTED],
];

/** `text` with every phone number, email address, one-time code and token in it replaced. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
