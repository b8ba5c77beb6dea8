"use client";

import { useEffect, useRef } from "react";
import { trpc } from "./trpc";
import { watchLive } from "./live-updates";

/**
 * Follows `url` (server-sent events) while the component is mounted and `enabled`, calling `onChange`
 * for each change (live-updates.ts: polling while the stream is down). Only the pages that show
 * something live call this, so no other page holds a connection open.
 */
export function useLiveUpdates(url: string, onChange: () => void, enabled = true) {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (!enabled) return;
    return watchLive(url, () => latest.current());
  }, [url, enabled]);
}

/** A report's page: refetch the report when it changes (`enabled` once it has loaded). */
export function useLiveReport(idOrRef: string, enabled: boolean) {
  const utils = trpc.useUtils();
  useLiveUpdates(
    `/api/reports/${encodeURIComponent(idOrRef)}/events`,
    () => {
      void utils.reports.byId.invalidate({ id: idOrRef });
      // A new or hidden update notifies the same channel (migration 0026).
      void utils.updates.list.invalidate();
    },
    enabled,
  );
}

/** "My reports": refetch the list when one of the citizen's reports changes. */
export function useLiveMyReports() {
  const utils = trpc.useUtils();
  useLiveUpdates("/api/me/reports/events", () => void utils.reports.mine.invalidate());
}

/** The moderation queue: refetch it when any report changes. */
export function useLiveQueue() {
  const utils = trpc.useUtils();
  useLiveUpdates("/api/admin/queue/events", () => void utils.admin.queue.invalidate());
}
