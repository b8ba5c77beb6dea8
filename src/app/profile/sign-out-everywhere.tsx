"use client";

import { useState } from "react";
import { signOutHere } from "@/components/sign-out-button";
import { trpc, useErrorMessage } from "@/lib/trpc";

/** Ends every session of the account (a lost phone, a shared computer), then signs this browser out. */
export function SignOutEverywhere() {
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const end = trpc.profile.signOutEverywhere.useMutation({
    onSuccess() {
      setLeaving(true);
      void signOutHere().catch(() => setLeaving(false));
    },
  });
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Devices</h2>
      <p>Lost a phone, or signed in on a shared computer? Sign out on every device, this one included. You can sign in again with a new code.</p>
      {end.error && (
        <p className="error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      {!confirming ? (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
          Sign out everywhere
        </button>
      ) : (
        <div className="row" role="group" aria-label="Confirm signing out everywhere">
          <button type="button" className="button" disabled={end.isPending || leaving} onClick={() => end.mutate()} data-testid="confirm-sign-out-everywhere">
            {end.isPending || leaving ? "Signing out everywhere…" : "Yes, sign out on every device"}
          </button>
          <button type="button" className="button button-quiet" disabled={end.isPending || leaving} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
