import { AsyncLocalStorage } from "node:async_hooks";
import { logger } from "../logging/logger";

/**
 * Work to run once the response has gone out, for requests the production server answers itself
 * (tRPC, see http/server.ts). Inside Next's own route handlers `after()` from next/server does this;
 * the relay's scheduler (schedule.ts) tries this queue first and falls back to `after()`.
 */
type Task = () => unknown;
const queue = new AsyncLocalStorage<Task[]>();

/** Runs `handle` with a queue that is drained when `finished` resolves (the response was sent or the client left). */
export function withAfterResponse<T>(finished: Promise<unknown>, handle: () => T): T {
  const tasks: Task[] = [];
  void finished.then(async () => {
    for (const task of tasks) {
      try {
        await task();
      } catch (err) {
        logger.error({ err }, `[after-response] task failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  });
  return queue.run(tasks, handle);
}

/** Queues `task` for after the current response; false when no such response is being handled. */
export function afterThisResponse(task: Task): boolean {
  const tasks = queue.getStore();
  if (!tasks) return false;
  tasks.push(task);
  return true;
}
