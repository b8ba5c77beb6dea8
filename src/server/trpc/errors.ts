import { TRPCError, type TRPC_ERROR_CODE_KEY, type TRPCDefaultErrorShape } from "@trpc/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/errors";
import { AppError, type AppErrorCode, type FieldErrors } from "../domain/errors";

/**
 * The one place a failure becomes what a tRPC client is told. Domain code (and the input checks)
 * throw AppError; a procedure's input schema throws ZodError, which is bad input like any other;
 * a database that cannot be reached is a passing outage. Everything else is a bug, answered
 * without its details.
 */
const CODE_MAP: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  INVALID_INPUT: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const DATABASE_UNAVAILABLE = "CivicLens cannot reach its database right now. Please try again in a moment.";
const INTERNAL = "Something went wrong on our side. Please try again.";

/** A failed schema as the bad input it is: each field's messages, keyed by its path ("input" for the whole). */
function invalidInput(err: ZodError): AppError {
  const fieldErrors: FieldErrors = {};
  for (const issue of err.issues) (fieldErrors[issue.path.join(".") || "input"] ??= []).push(issue.message);
  return new AppError("INVALID_INPUT", err.issues[0]?.message ?? "Invalid input", { fieldErrors, cause: err });
}

/**
 * The message is said in plain words, without field names ("Enter a valid mobile number", never
 * "phone: Enter…"): a person reads it. Which field it is about travels in the structured `field`
 * and `fieldErrors` of the answer (formatError), for forms to place it and for API clients.
 */
function clientMessage(error: AppError): string {
  if (error.code !== "INVALID_INPUT" || !error.fieldErrors || !error.field) return error.message;
  return error.fieldErrors[error.field]?.[0] ?? error.message;
}

/** The tRPC error for an AppError thrown (or refused with) anywhere a procedure runs. */
export function appErrorToTRPC(error: AppError): TRPCError {
  return new TRPCError({ code: CODE_MAP[error.code], message: clientMessage(error), cause: error });
}

/** Maps a procedure's failure by its cause; what it does not know is returned as it is. */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause instanceof ZodError ? invalidInput(error.cause) : error.cause;
  if (cause instanceof AppError) return appErrorToTRPC(cause);
  if (isDatabaseUnavailable(cause)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause });
  return error;
}

/**
 * The error formatter: every answer carries `field`, `fieldErrors` and `retryAfterSeconds` (null
 * when they do not apply), read from the AppError toTRPCError left as the cause, and an unexpected
 * failure's message is never shown.
 */
export function formatError<Shape extends TRPCDefaultErrorShape>({ shape, error }: { shape: Shape; error: TRPCError }) {
  const app = error.cause instanceof AppError ? error.cause : null;
  return {
    ...shape,
    message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL : shape.message,
    data: {
      ...shape.data,
      fieldErrors: app?.fieldErrors ?? null,
      field: app?.field ?? null,
      retryAfterSeconds: app?.retryAfterSeconds ?? null,
    },
  };
}
