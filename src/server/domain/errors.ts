import "server-only";

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

/** Each input field at fault, with its messages (a form shows the first next to the field). */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The input field at fault (the first one, when several are). */
  readonly field?: string;
  /** Every field at fault: `{ [field]: [message] }` for an error about one field. */
  readonly fieldErrors?: FieldErrors;
  /** Seconds until a RATE_LIMITED caller may try again. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    message: string,
    extra: { field?: string; fieldErrors?: FieldErrors; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "AppError";
    this.code = code;
    this.field = extra.field ?? (extra.fieldErrors ? Object.keys(extra.fieldErrors)[0] : undefined);
    this.fieldErrors = extra.fieldErrors ?? (extra.field ? { [extra.field]: [message] } : undefined);
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}
