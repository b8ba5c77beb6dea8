import { setTimeout as sleep } from "node:timers/promises";
import { Middleware } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { recordRunFinished, recordRunStarted, subjectOf, type RunInfo } from "@/server/domain/task-runs";
import { logger } from "@/server/logging/logger";

type Ctx = { runId: string; attempt: number; event?: { id?: string; name?: string; data?: Record<string, unknown> } };

function runInfo(ctx: unknown, fnId: string): RunInfo {
  const c = ctx as Ctx;
  return {
    runId: c.runId,
    functionId: fnId,
    eventId: c.event?.id ?? null,
    eventName: c.event?.name ?? null,
    subjectId: subjectOf(c.event?.data),
    attempt: c.attempt,
  };
}

/** Tries per record, and the pause before the second (doubling after it): under pool pressure one try can lose its wait for a connection. */
export const RECORD_ATTEMPTS = 3;
const RECORD_BACKOFF_MS = 100;

/** Writes a task_runs record, trying again after a short pause; throws when every try failed. */
async function persist(what: string, write: () => Promise<void>, attempts = RECORD_ATTEMPTS): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= attempts) throw new Error(`task_runs: could not record ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      await sleep(RECORD_BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
}

/** For records a later one repairs or supersedes: a failure is logged, and the run goes on. */
async function bestEffort(what: string, write: () => Promise<void>, attempts = 1) {
  try {
    await persist(what, write, attempts);
  } catch (err) {
    logger.error({ err }, `[task-runs] ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Records every function run in task_runs: started, retrying, completed or failed, with duration,
 * on the background pool.
 *
 * Completion must not be lost (a finished run shown as running for ever), so it is written inside
 * the function handler, after the function returned, not in `onRunComplete`: the SDK catches and
 * only logs what a hook throws, while a throw here fails the request and Inngest retries it. Every
 * step is memoized by then, so the retry runs no step again; it reaches this write once more.
 * A run whose every retry failed to record completion ends as failed, and record-dead-letter
 * writes that row. The other records are repaired by a later one: completion's upsert writes a row
 * whose start was lost, and record-dead-letter writes a failure that `onRunError` could not.
 */
export class TaskRunsMiddleware extends Middleware.BaseMiddleware {
  readonly id = "civiclens:task-runs";

  override async onRunStart({ ctx, fn }: Middleware.OnRunStartArgs) {
    await bestEffort("start", () => recordRunStarted(backgroundDb(), runInfo(ctx, fn.id())));
  }

  override async wrapFunctionHandler({ ctx, fn, next }: Middleware.WrapFunctionHandlerArgs) {
    // next() resolves only on the request where the function returns (never on one that found a step).
    const output = await next();
    await persist("completion", () => recordRunFinished(backgroundDb(), runInfo(ctx, fn.id()), { status: "completed" }));
    return output;
  }

  override async onRunError({ ctx, fn, error, isFinalAttempt }: Middleware.OnRunErrorArgs) {
    await bestEffort(
      "error",
      () => recordRunFinished(backgroundDb(), runInfo(ctx, fn.id()), { status: isFinalAttempt ? "failed" : "retrying", error: error.message }),
      RECORD_ATTEMPTS,
    );
  }

  override async onStepError({ ctx, fn, error, isFinalAttempt }: Middleware.OnStepErrorArgs) {
    if (isFinalAttempt) return; // the run error that follows records the failure
    await bestEffort("step error", () => recordRunFinished(backgroundDb(), runInfo(ctx, fn.id()), { status: "retrying", error: error.message }));
  }
}
