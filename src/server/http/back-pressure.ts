import type { IncomingMessage, ServerResponse } from "node:http";
import { getTRPCErrorShape, transformTRPCResponse } from "@trpc/server";
import { AppError } from "../domain/errors";
import { said, type ServerMessage } from "../domain/server-messages";
import { appErrorToTRPC } from "../trpc/errors";
import { headerLocale, requestLanguage } from "../trpc/locale";
import { TRPC_ENDPOINT, UNAVAILABLE_RETRY_AFTER_SECONDS } from "../trpc/http";
import { appRouter } from "../trpc/root";
import { createAdmission, type AdmissionLimits } from "./admission";

/**
 * How long a tRPC answer may take once its request has arrived (its body read). Past it the caller
 * gets a 503 and can try again: a mutation that finished late anyway is found again by its key
 * (a report's submission key, ADR 0010).
 */
export const TRPC_DEADLINE_MS = 4_000;

const BUSY = said("busy");
const LATE = said("late");

/**
 * A 503 with Retry-After, in tRPC's own error shape (the app's error formatter, superjson), so the
 * client reads it like any other answer; tRPC's client applies one error to every call of a batch.
 * Said in the language the request's headers ask for: a busy server reads no account.
 */
export function answerUnavailable(req: IncomingMessage, res: ServerResponse, message: ServerMessage) {
  const config = appRouter._def._config;
  const locale = headerLocale(requestLanguage(new Headers({ cookie: header(req, "cookie"), "accept-language": header(req, "accept-language") })));
  const error = appErrorToTRPC(new AppError("UNAVAILABLE", message, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }).inLocale(locale));
  const shape = getTRPCErrorShape({ config, error, type: "unknown", path: procedurePath(req), input: undefined, ctx: undefined });
  res.statusCode = 503;
  res.setHeader("content-type", "application/json");
  res.setHeader("retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  // A body left unread would be read to its end before the next request on this connection.
  if (!req.complete) res.setHeader("connection", "close");
  res.end(JSON.stringify(transformTRPCResponse(config, { error: shape })));
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
};

/** The called procedure(s) ("a,b" for a batch), for the error's `data.path`; undefined when unreadable. */
function procedurePath(req: IncomingMessage): string | undefined {
  try {
    return decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname.slice(TRPC_ENDPOINT.length + 1)) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The production server's back-pressure for tRPC (ADR 0012): a request arriving while the server
 * is past its admission limits is refused at once, and an admitted one is answered by its deadline.
 */
export function createBackPressure(opts: { limits: AdmissionLimits; poolWaiting: () => number | null; deadlineMs?: number }) {
  const admission = createAdmission(opts.limits, opts.poolWaiting);
  const deadlineMs = opts.deadlineMs ?? TRPC_DEADLINE_MS;

  return {
    admission,
    /** Runs `answer` for the request if it is admitted; its failures after a deadline answer are expected and dropped. */
    async handle(req: IncomingMessage, res: ServerResponse, answer: () => Promise<void>): Promise<void> {
      if (admission.enter() !== null) return answerUnavailable(req, res, BUSY);
      let timer: NodeJS.Timeout | undefined;
      let late = false;
      res.once("close", () => {
        admission.leave();
        clearTimeout(timer);
      });
      // From the end of the body (a slow upload is the server's request timeout's business); a GET
      // has none.
      const start = () => {
        timer = setTimeout(() => {
          if (res.headersSent) return;
          late = true;
          answerUnavailable(req, res, LATE);
        }, deadlineMs);
      };
      if (req.method === "GET" || req.method === "HEAD" || req.complete) start();
      else req.once("end", start);
      try {
        await answer();
      } catch (err) {
        // The late answer found the response already sent.
        if (!late) throw err;
      }
    },
  };
}
