"use client";

import { useCallback, useId, useState } from "react";
import { FieldError, FormError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";

const FIELDS = ["reason"] as const;

/**
 * Suspend an account (it can no longer sign in, and every session it has ends at once) or restore
 * it, with the reason the audit log keeps.
 */
export function AccountStatus({ user, self }: { user: { id: string; status: "active" | "suspended" }; self: boolean }) {
  const { FORM_MESSAGES } = useLabels();
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const validate = useCallback(() => (reason.trim() ? null : FORM_MESSAGES.reasonMissing), [reason, FORM_MESSAGES]);
  const form = useFormErrors(FIELDS, validate, { reason: reasonId });
  const change = trpc.admin.setStatus.useMutation({
    onError: (err) => form.fromServer({ message: errorMessage(err), data: err.data }),
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
  return (
    <form
      className="admin-inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!form.check()) return;
        change.mutate({ userId: user.id, status: next, reason });
      }}
    >
      <label htmlFor={reasonId}>{next === "suspended" ? "Why suspend? (ends every session at once)" : "Why restore?"}</label>
      <input
        value={reason}
        {...form.describe("reason")}
        onChange={(e) => {
          setReason(e.target.value);
          form.revalidate("reason", e.target.value.trim() ? null : FORM_MESSAGES.reasonMissing);
        }}
        maxLength={500}
        required
      />
      <FieldError id={reasonId} message={form.errors.reason} />
      <button type="submit" className="button button-small" disabled={change.isPending}>
        {change.isPending ? `${verb === "Suspend" ? "Suspending" : "Restoring"}…` : verb}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={() => { setOpen(false); form.reset(); }}>
        Cancel
      </button>
      <FormError message={form.formError} />
    </form>
  );
}
