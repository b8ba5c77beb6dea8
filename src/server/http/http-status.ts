import "server-only";
import type { AppErrorCode } from "../domain/errors";

/** The HTTP status of each domain failure, for the routes that answer outside tRPC (which maps them in trpc/errors.ts). */
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};
