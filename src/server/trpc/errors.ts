import { TRPCError, type TRPC_ERROR_CODE_KEY, type TRPCDefaultErrorShape } from "@trpc/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/errors";
import { DEFAULT_LOCALE, type Locale } from "@/shared/locales";
import { AppError, type AppErrorCode, type Said } from "../domain/errors";
import { said, sayIn, serverMessageOf } from "../domain/server-messages";
import { headerLocale, type RequestLanguage } from "./locale";

/**
 * The one place a failure becomes what a tRPC client is told. Domain code (and the input checks)
 * throw AppError; a procedure's input schema throws ZodError, which is bad input like any other;
 * a database that cannot be reached is a passing outage. Everything else is a bug, answered
 * without its details. Each is said in the asker's language (`locale`, chosen by the procedures'
 * first middleware, init.ts); English is the default.
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

/**
 * A failed schema as the bad input it is: each field's messages, keyed by its path ("input" for the
 * whole). A schema's own message (schemaMessage) becomes its catalog message again; zod's built-in
 * ones, which no form of ours lets through, stay as zod wrote them.
 */
function invalidInput(err: ZodError): AppError {
  const fieldErrors: Record<string, Said[]> = {};
  for (const issue of err.issues) (fieldErrors[issue.path.join(".") || "input"] ??= []).push(serverMessageOf(issue.message) ?? issue.message);
  const first = err.issues[0]?.message;
  return new AppError("INVALID_INPUT", first === undefined ? "Invalid input" : (serverMessageOf(first) ?? first), { fieldErrors, cause: err });
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

/** Maps a procedure's failure by its cause, said in `locale`; what it does not know is returned as it is. */
export function toTRPCError(error: TRPCError, locale: Locale = DEFAULT_LOCALE): TRPCError {
  const cause = error.cause instanceof ZodError ? invalidInput(error.cause) : error.cause;
  if (cause instanceof AppError) return appErrorToTRPC(cause.inLocale(locale));
  if (isDatabaseUnavailable(cause)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: sayIn(locale, said("databaseUnavailable")), cause });
  return error;
}

/**
 * The error formatter: every answer carries `field`, `fieldErrors` and `retryAfterSeconds` (null
 * when they do not apply), read from the AppError toTRPCError left as the cause, and an unexpected
 * failure's message is never shown: it is replaced by a plain apology in the language the request's
 * headers ask for (the formatter is synchronous, so the account's saved language is not read).
 */
export function formatError<Shape extends TRPCDefaultErrorShape>({ shape, error, ctx }: { shape: Shape; error: TRPCError; ctx?: { language?: RequestLanguage } }) {
  const app = error.cause instanceof AppError ? error.cause : null;
  return {
    ...shape,
    message: error.code === "INTERNAL_SERVER_ERROR" ? sayIn(headerLocale(ctx?.language), said("internal")) : shape.message,
    data: {
      ...shape.data,
      fieldErrors: app?.fieldErrors ?? null,
      field: app?.field ?? null,
      retryAfterSeconds: app?.retryAfterSeconds ?? null,
    },
  };
}
