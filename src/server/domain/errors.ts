import "server-only";
import { DEFAULT_LOCALE, type Locale } from "@/shared/locales";
import { sayIn, type ServerMessage } from "./server-messages";

/**
 * Transport-neutral failures the domain raises. Mapped to tRPC/HTTP codes once, in
 * src/server/trpc/errors.ts; domain code never knows about HTTP.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/**
 * What an error says: a catalog message (`said("followAlready")`), answered in the asker's
 * language; or plain text, only for what no form of ours can send (a malformed API call), which
 * stays English.
 */
export type Said = ServerMessage | string;

/** Each input field at fault, with its messages (a form shows the first next to the field). */
export type FieldErrors = Record<string, string[]>;

const textIn = (locale: Locale, s: Said) => (typeof s === "string" ? s : sayIn(locale, s));

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The input field at fault (the first one, when several are). */
  readonly field?: string;
  /** Every field at fault: `{ [field]: [message] }` for an error about one field. */
  readonly fieldErrors?: FieldErrors;
  /** Seconds until a RATE_LIMITED caller may try again. */
  readonly retryAfterSeconds?: number;
  readonly #said: Said;
  readonly #fieldSaid?: Record<string, Said[]>;

  /** `message` and `fieldErrors` read in English (logs, tests); `inLocale` says them in another language. */
  constructor(
    code: AppErrorCode,
    message: Said,
    extra: { field?: string; fieldErrors?: Record<string, Said[]>; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(textIn(DEFAULT_LOCALE, message), extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "AppError";
    this.code = code;
    this.#said = message;
    this.#fieldSaid = extra.fieldErrors ?? (extra.field ? { [extra.field]: [message] } : undefined);
    this.field = extra.field ?? (extra.fieldErrors ? Object.keys(extra.fieldErrors)[0] : undefined);
    this.fieldErrors = this.#fieldSaid && fieldTexts(DEFAULT_LOCALE, this.#fieldSaid);
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /** The same failure said in `locale`: the same code, field, fields and wait. */
  inLocale(locale: Locale): AppError {
    if (locale === DEFAULT_LOCALE) return this;
    return new AppError(this.code, textIn(locale, this.#said), {
      field: this.field,
      fieldErrors: this.#fieldSaid && fieldTexts(locale, this.#fieldSaid),
      retryAfterSeconds: this.retryAfterSeconds,
      cause: this.cause,
    });
  }
}

function fieldTexts(locale: Locale, fields: Record<string, Said[]>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field, messages.map((m) => textIn(locale, m))]));
}
