import { TRPCClientError } from "@trpc/client";
import { announceQueueChange, SYNC_TAG } from "./flush-queue";
import { queueReport, type QueuedReport, type QueuedReportInput } from "./queue";

/** True when the device says it has no connection: the form keeps the report without trying. */
export function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/**
 * True when a call got no answer at all (the connection dropped, DNS failed, the request was cut):
 * tRPC's client then has no HTTP status. Any answer, 4xx or 5xx, is the server's word and is shown.
 */
export function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return false;
  const data = err.data as { httpStatus?: unknown } | undefined;
  return typeof data?.httpStatus !== "number";
}

/**
 * Keeps the report on the device and asks the service worker to send it when the connection returns
 * (Background Sync, where the browser has it). Pages send it too, on `online` and when they open
 * (usePendingReports), whichever comes first; the queue's lock and the submission key make it once.
 */
export async function keepForLater(ownerId: string, input: QueuedReportInput): Promise<QueuedReport> {
  const record = await queueReport(ownerId, input);
  announceQueueChange();
  await requestBackgroundSync();
  return record;
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

async function requestBackgroundSync() {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & SyncRegistration) | undefined;
    await registration?.sync?.register(SYNC_TAG);
  } catch {
    // No worker, or no Background Sync (Firefox, Safari): the pages send it on reconnect or next open.
  }
}
