import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from "pino";
import { logSettings } from "../config/env";
import { prettyLine } from "./pretty";
import { REDACT_PATHS, REDACTED, scrubText } from "./redaction";

export type { Logger };

/**
 * The one logger of the server, its background functions and its scripts. JSON lines in
 * production, readable lines in development, and in tests only errors (on console.error, where
 * an unexpected one fails the test) unless LOG_LEVEL asks for more. Every line carries the context
 * it was logged in (a request's id; an Inngest run's function, event and run ids) and passes the
 * redaction in redaction.ts.
 */
export interface LogContext {
  requestId?: string;
  functionId?: string;
  eventId?: string;
  eventName?: string;
  runId?: string;
}

// On globalThis: Next compiles each route into a bundle of its own, each with a copy of this
// module, and the production server's request id must reach the lines all of them log.
const contexts = ((globalThis as { civiclensLogContext?: AsyncLocalStorage<LogContext> }).civiclensLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `run` with `context` added to every line logged inside it, however deep. */
export function withLogContext<T>(context: LogContext, run: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...context }, run);
}

/** Adds to the context already in force (an Inngest run learns its event after its request began). */
export function addLogContext(context: LogContext) {
  const store = contexts.getStore();
  if (store) Object.assign(store, context);
}

export type LogOutput = "json" | "pretty" | "test";

function destinationFor(output: LogOutput): DestinationStream {
  if (output === "json") return pino.destination({ dest: 1, sync: true });
  if (output === "pretty") {
    return {
      write: (line: string) => {
        const { text, severe } = prettyLine(line);
        (severe ? process.stderr : process.stdout).write(`${text}\n`);
      },
    };
  }
  return {
    write: (line: string) => {
      const { text, severe } = prettyLine(line);
      if (severe) console.error(text);
      else console.log(text);
    },
  };
}

export function createLogger(opts: { level: LevelWithSilent; output: LogOutput; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...contexts.getStore() }),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrubText },
    },
    opts.destination ?? destinationFor(opts.output),
  );
}

/** Output and level by NODE_ENV, unless LOG_LEVEL names a level. */
export function defaultLogOptions(settings = logSettings()): { level: LevelWithSilent; output: LogOutput } {
  if (settings.NODE_ENV === "test") return { level: settings.LOG_LEVEL ?? "error", output: "test" };
  return { level: settings.LOG_LEVEL ?? "info", output: settings.NODE_ENV === "production" ? "json" : "pretty" };
}

export const logger: Logger = createLogger(defaultLogOptions());
