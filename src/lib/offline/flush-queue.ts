import { listQueued, updateQueued } from "./queue";
import { sendReport, type SendOutcome } from "./send-report";
import type { QueuedReportInput } from "./queue";

/** Held while the queue is sent: by a tab or the service worker, one at a time for the whole origin. */
export const QUEUE_LOCK = "civiclens-offline-queue";

/** The Background Sync tag the service worker's `sync` event answers to (service-worker.ts). */
export const SYNC_TAG = "civiclens-send-reports";

/** Pages and the worker tell each other the queue changed (a report was kept, filed or refused). */
export const QUEUE_CHANNEL = "civiclens-offline-queue";

export interface FlushResult {
  filed: number;
  /** True when the server could not be reached: what is left waits for the next try. */
  unreachable: boolean;
}

/**
 * Sends the account's kept reports, oldest first, each once: the queue is read again under the lock,
 * so a report another tab (or the worker) filed meanwhile is not sent again, and without the Web
 * Locks API the submission key still makes a second send return the report already filed.
 * Stops at the first "unreachable" (the rest would fail the same way) and at "sign in".
 */
export function flushQueue(ownerId: string, send: (input: QueuedReportInput) => Promise<SendOutcome> = sendReport): Promise<FlushResult> {
  return withQueueLock(async () => {
    const result: FlushResult = { filed: 0, unreachable: false };
    for (const report of await listQueued(ownerId)) {
      if (report.state !== "waiting" && report.state !== "needs-sign-in") continue;
      const outcome = await send(report.input);
      if (outcome.kind === "unreachable") {
        result.unreachable = true;
        break;
      }
      if (outcome.kind === "filed") {
        await updateQueued(report.submissionKey, { state: "filed", ref: outcome.ref, message: undefined });
        result.filed++;
      } else if (outcome.kind === "sign-in") {
        await updateQueued(report.submissionKey, { state: "needs-sign-in", message: outcome.message });
        break;
      } else {
        await updateQueued(report.submissionKey, { state: "needs-edit", message: outcome.message });
      }
      announceQueueChange();
    }
    return result;
  });
}

function withQueueLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request(QUEUE_LOCK, task) as Promise<T>) : task();
}

export function announceQueueChange() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(QUEUE_CHANNEL);
  channel.postMessage("changed");
  channel.close();
}

/** Calls `listener` when another tab or the worker changes the queue; returns the function that stops it. */
export function onQueueChange(listener: () => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(QUEUE_CHANNEL);
  channel.addEventListener("message", listener);
  return () => channel.close();
}
