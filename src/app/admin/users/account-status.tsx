"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("AdminAccountStatus");
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
  const suspending = next === "suspended";
  if (self) return null;
  if (!open) {
    return (
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(true)}>
        {suspending ? t("suspendOpen") : t("restoreOpen")}
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
      <label htmlFor={reasonId}>{suspending ? t("whySuspend") : t("whyRestore")}</label>
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
        {change.isPending ? (suspending ? t("suspending") : t("restoring")) : suspending ? t("suspend") : t("restore")}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={() => { setOpen(false); form.reset(); }}>
        {t("cancel")}
      </button>
      <FormError message={form.formError} />
    </form>
  );
}
