import type { TRPCError } from "@trpc/server";
import { AppError } from "../domain/errors";

/**
 * What both tRPC HTTP entry points share: the Next route handler (src/app/api/trpc, used by
 * `next dev` and any host that runs Next alone) and the production server's direct handler
 * (src/server/http/server.ts). Keep the two answering alike.
 */
export const TRPC_ENDPOINT = "/api/trpc";
export const MAX_BODY_BYTES = 64 * 1024;

/** A rate-limit refusal tells the client when to come back, as a Retry-After header. */
export function retryAfterHeaders(errors: TRPCError[]): Headers | undefined {
  const limited = errors.map((e) => e.cause).find((c): c is AppError => c instanceof AppError && c.retryAfterSeconds !== undefined);
  return limited ? new Headers({ "retry-after": String(limited.retryAfterSeconds) }) : undefined;
}

/** Unexpected failures are logged with their cause; expected ones (bad input, refusals) are not. */
export function logUnexpected({ path, error }: { path?: string; error: TRPCError }) {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed:`, error.cause ?? error);
}
