"use client";

import { useEffect, useState } from "react";
import { flushQueue, onQueueChange } from "./flush-queue";
import { listQueued, type QueuedReport } from "./queue";

/** While something waits on a connection that claims to be up (a captive portal, a stalled network). */
const RETRY_MS = 30_000;

/**
 * The account's reports kept on this device, kept current as they change in any tab or the worker.
 * Sends what waits when the page opens, when the connection returns, and now and then while online.
 * Null until read (IndexedDB is read after hydration).
 */
export function usePendingReports(ownerId: string): QueuedReport[] | null {
  const [reports, setReports] = useState<QueuedReport[] | null>(null);
  useEffect(() => {
    let live = true;
    const reload = () =>
      listQueued(ownerId)
        .then((r) => live && setReports(r))
        .catch(() => live && setReports([]));
    const send = () => {
      if (navigator.onLine) void flushQueue(ownerId).catch(() => undefined).finally(reload);
    };
    void reload();
    send();
    window.addEventListener("online", send);
    const retry = window.setInterval(send, RETRY_MS);
    const stop = onQueueChange(reload);
    return () => {
      live = false;
      window.removeEventListener("online", send);
      window.clearInterval(retry);
      stop();
    };
  }, [ownerId]);
  return reports;
}
