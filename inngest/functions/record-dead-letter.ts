import { NonRetriableError } from "inngest";
import { z } from "zod";
import { backgroundDb } from "@/server/db/client";
import { recordDeadLetter as record } from "@/server/domain/dead-letters/record-dead-letter";
import { recordRunFailed, subjectOf } from "@/server/domain/task-runs";
import { inngest } from "../client";

/** What Inngest puts in `inngest/function.failed` (the SDK's own onFailure handlers read the same). */
const functionFailedData = z.object({
  function_id: z.string(),
  run_id: z.string(),
  error: z.object({ name: z.string().optional(), message: z.string().optional() }).passthrough().optional(),
  event: z.object({ id: z.string().optional(), name: z.string(), data: z.record(z.string(), z.unknown()).default({}) }).passthrough(),
});

const SELF = "civiclens-record-dead-letter";

/** Every run that exhausted its retries (or failed for good) becomes a dead letter someone can re-send. */
export const recordDeadLetter = inngest.createFunction(
  { id: "record-dead-letter", name: "Record dead letter", triggers: [{ event: "inngest/function.failed" }], retries: 5, concurrency: { limit: 2 } },
  async ({ event, step }) => {
    const parsed = functionFailedData.safeParse(event.data);
    if (!parsed.success) throw new NonRetriableError(`inngest/function.failed without the expected fields: ${parsed.error.message}`);
    const { function_id, run_id, error, event: original } = parsed.data;
    // This function failing must not feed itself: Inngest would report that failure to it again.
    if (function_id === SELF) return { skipped: "own-failure" };

    const message = [error?.name, error?.message].filter(Boolean).join(": ") || "unknown error";
    const letter = await step.run("record-dead-letter", () =>
      record(backgroundDb(), { functionId: function_id, runId: run_id, error: message, event: { id: original.id ?? null, name: original.name, data: original.data } }),
    );
    // task_runs names functions as the SDK's middleware sees them, without the app's prefix.
    const functionId = function_id.startsWith(`${inngest.id}-`) ? function_id.slice(inngest.id.length + 1) : function_id;
    await step.run("record-failed-run", () =>
      recordRunFailed(backgroundDb(), { runId: run_id, functionId, eventId: original.id ?? null, eventName: original.name, subjectId: subjectOf(original.data) }, message),
    );
    return letter;
  },
);
