"use client";

import { useId, useState } from "react";
import { errorMessage, trpc } from "@/lib/trpc";

/**
 * Suspend an account (it can no longer sign in, and every session it has ends at once) or restore
 * it, with the reason the audit log keeps.
 */
export function AccountStatus({ user, self }: { user: { id: string; status: "active" | "suspended" }; self: boolean }) {
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const errorId = useId();
  const change = trpc.admin.setStatus.useMutation({
    onSuccess() {
      setOpen(false);
      setReason("");
      void utils.admin.users.invalidate();
    },
  });
  const next = user.status === "active" ? "suspended" : "active";
  const verb = next === "suspended" ? "Suspend" : "Restore";
  if (self) return null;
  if (!open) {
    return (
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(true)}>
        {verb}…
      </button>
    );
  }
  const fieldError = (change.error?.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors?.reason?.[0];
  return (
    <form
      className="admin-inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ userId: user.id, status: next, reason });
      }}
    >
      <label htmlFor={reasonId}>{next === "suspended" ? "Why suspend? (ends every session at once)" : "Why restore?"}</label>
      <input
        id={reasonId}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={change.error ? errorId : undefined}
        maxLength={500}
        required
      />
      <button type="submit" className="button button-small" disabled={change.isPending}>
        {change.isPending ? `${verb === "Suspend" ? "Suspending" : "Restoring"}…` : verb}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {change.error && (
        <p className="error" id={errorId} role="alert">
          {fieldError ?? errorMessage(change.error)}
        </p>
      )}
    </form>
  );
}
