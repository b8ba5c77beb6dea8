"use client";

import { useSessionSync } from "@/lib/session-sync";

/** Renders nothing: keeps this tab's header and page in step with sign-ins and sign-outs in other tabs. */
export function SessionSync() {
  useSessionSync();
  return null;
}
