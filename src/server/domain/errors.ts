import "server-only";

/**
 * Transport-neutral failures the domain raises. Mapped to tRPC/HTTP codes once, in the tRPC
 * error middleware; domain code never knows about HTTP.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The input field at fault, for INVALID_INPUT. */
  readonly field?: string;
  /** Seconds until a RATE_LIMITED caller may try again. */
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, extra: { field?: string; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = extra.field;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}
