"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Tells this browser's other CivicLens tabs that the session changed (signed in or out), so their
 * header and pages catch up at once instead of at their next navigation. Pages read the session on
 * the server; a tab that hears the news re-renders them (`router.refresh()`), and a page that needs
 * a session then sends it to sign-in.
 */
const CHANNEL = "civiclens-session";

export function announceSessionChange(change: "signed-in" | "signed-out") {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(change);
  channel.close();
}

/** Mounted once per page (in the root layout): refreshes the page when another tab signs in or out. */
export function useSessionSync() {
  const router = useRouter();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => router.refresh();
    return () => channel.close();
  }, [router]);
}
