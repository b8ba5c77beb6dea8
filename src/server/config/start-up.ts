import { env, EnvError, type Env } from "./env";
import { logger } from "../logging/logger";

/**
 * Validates the environment where a process starts: Next's register() (src/instrumentation.ts), the
 * production server's start and each script's entry. A misconfigured deployment stops there, with
 * one fatal line naming each bad variable, rather than at the first request that reads one.
 */
export function validateEnvAtStartup(): Env {
  try {
    return env();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    logger.fatal({ invalid: err.issues.map((i) => i.variable) }, err.message);
    process.exit(1);
  }
}
