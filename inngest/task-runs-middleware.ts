import { Middleware } from "inngest";
import { db } from "@/server/db/client";
import { recordRunFinished, recordRunStarted, subjectOf, type RunInfo } from "@/server/domain/task-runs";

type Ctx = { runId: string; attempt: number; event?: { id?: string; name?: string; data?: Record<string, unknown> } };

function runInfo(ctx: Ctx, fnId: string): RunInfo {
  return {
    runId: ctx.runId,
    functionId: fnId,
    eventId: ctx.event?.id ?? null,
    eventName: ctx.event?.name ?? null,
    subjectId: subjectOf(ctx.event?.data),
    attempt: ctx.attempt,
  };
}

/** Never let bookkeeping fail a run: the task monitor is a view, the work is what matters. */
async function safely(what: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    console.error(`[task-runs] could not record ${what}:`, err instanceof Error ? err.message : err);
  }
}

/** Records every function run in task_runs: started, retrying, completed or failed, with duration. */
export class TaskRunsMiddleware extends Middleware.BaseMiddleware {
  readonly id = "civiclens:task-runs";

  override async onRunStart({ ctx, fn }: Middleware.OnRunStartArgs) {
    await safely("start", () => recordRunStarted(db(), runInfo(ctx as unknown as Ctx, fn.id())));
  }

  override async onRunComplete({ ctx, fn }: Middleware.OnRunCompleteArgs) {
    await safely("completion", () => recordRunFinished(db(), runInfo(ctx as unknown as Ctx, fn.id()), { status: "completed" }));
  }

  override async onRunError({ ctx, fn, error, isFinalAttempt }: Middleware.OnRunErrorArgs) {
    await safely("error", () =>
      recordRunFinished(db(), runInfo(ctx as unknown as Ctx, fn.id()), { status: isFinalAttempt ? "failed" : "retrying", error: error.message }),
    );
  }

  override async onStepError({ ctx, fn, error, isFinalAttempt }: Middleware.OnStepErrorArgs) {
    if (isFinalAttempt) return; // the run error that follows records the failure
    await safely("step error", () => recordRunFinished(db(), runInfo(ctx as unknown as Ctx, fn.id()), { status: "retrying", error: error.message }));
  }
}
