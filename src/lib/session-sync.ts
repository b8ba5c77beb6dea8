"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { forgetCachedPages } from "./offline/shell";
import { clearAllDrafts, draftStorage } from "./report-draft";

/**
 * Tells this browser's other CivicLens tabs that the session changed (signed in or out), so their
 * header and pages catch up at once instead of at their next navigation. Pages read the session on
 * the server; a tab that hears the news re-renders them (`router.refresh()`), and a page that needs
 * a session then sends it to sign-in.
 *
 * One channel object per tab, used both to announce and to listen: a BroadcastChannel does not hear
 * its own messages, so the tab that signed in or out (which navigates by itself) is not refreshed a
 * second time by its own announcement, as it would be by a second channel object in the same tab.
 */
export const SESSION_CHANNEL = "civiclens-session";
export type SessionChange = "signed-in" | "signed-out";

let channel: BroadcastChannel | null = null;
function tabChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === "undefined") return null;
  if (!channel) {
    channel = new BroadcastChannel(SESSION_CHANNEL);
    // Open for the page's lifetime; under Node (tests) it must not keep the process alive.
    (channel as { unref?: () => void }).unref?.();
  }
  return channel;
}

export function announceSessionChange(change: SessionChange) {
  // The offline copies of pages hold the header of whoever loaded them (src/lib/offline/shell.ts).
  void forgetCachedPages();
  tabChannel()?.postMessage(change);
}

/** Calls `listener` when another tab signs in or out; returns the function that stops it. */
export function onSessionChange(listener: (change: SessionChange) => void): () => void {
  const c = tabChannel();
  if (!c) return () => {};
  const handle = (e: MessageEvent) => listener(e.data as SessionChange);
  c.addEventListener("message", handle);
  return () => c.removeEventListener("message", handle);
}

/**
 * Mounted once per page (in the root layout): refreshes the page when another tab signs in or out.
 * A sign-out elsewhere also drops the report drafts this tab kept (report-draft.ts).
 */
export function useSessionSync() {
  const router = useRouter();
  useEffect(
    () =>
      onSessionChange((change) => {
        if (change === "signed-out") clearAllDrafts(draftStorage());
        router.refresh();
      }),
    [router],
  );
}
