"use client";

import { useState } from "react";
import { clearAllDrafts, draftStorage } from "@/lib/report-draft";
import { announceSessionChange } from "@/lib/session-sync";
import { useHydrated } from "@/lib/use-hydrated";

/**
 * Signs this browser out: next-auth clears the cookie (and the server revokes the session's id),
 * then the report being written is dropped from this tab and the other tabs are told, then this one
 * goes home with a full load, which also drops whatever this tab had cached of the account.
 */
export async function signOutHere(): Promise<void> {
  // Loaded on the click: next-auth's client is not part of every page the header is on.
  const { signOut } = await import("next-auth/react");
  await signOut({ redirect: false });
  clearAllDrafts(draftStorage());
  announceSessionChange("signed-out");
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose (above)
  window.location.href = "/";
}

/** The words come from the server-rendered header, so the page ships no translation runtime for them. */
export function SignOutButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-small button-quiet"
      disabled={!hydrated || pending}
      onClick={() => {
        setPending(true);
        signOutHere().catch(() => setPending(false));
      }}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
