"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { FormError } from "@/components/form/field";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { ROLES, type Role } from "@/shared/roles";

/**
 * A user's role: choosing another one asks for confirmation in place (not window.confirm), with
 * focus moved onto the confirm step; Escape or Cancel puts the choice back and focus on the select.
 */
export function RoleChange({ user, self }: { user: { id: string; name: string | null; role: Role }; self: boolean }) {
  const t = useTranslations("AdminRoleChange");
  const { ROLE_LABELS, labelOf } = useLabels();
  const errorMessage = useErrorMessage();
  /** What each role can do, said before an admin gives it. */
  const roleEffects: Record<Role, string> = { citizen: t("effectCitizen"), moderator: t("effectModerator"), admin: t("effectAdmin") };
  const [pending, setPending] = useState<Role | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  const confirmHeading = useRef<HTMLParagraphElement>(null);
  const id = useId();
  const utils = trpc.useUtils();
  const setRole = trpc.admin.setRole.useMutation({
    onSuccess() {
      setPending(null);
      void utils.admin.users.invalidate();
    },
  });

  useEffect(() => {
    if (pending) confirmHeading.current?.focus();
  }, [pending]);

  function cancel() {
    setPending(null);
    setRole.reset();
    select.current?.focus();
  }

  const who = user.name ?? t("thisUser");
  return (
    <div className="user-role">
      <label htmlFor={`${id}-role`}>{t("role")}</label>
      <select
        id={`${id}-role`}
        ref={select}
        value={pending ?? user.role}
        disabled={self || setRole.isPending}
        aria-describedby={self ? `${id}-self` : undefined}
        onChange={(e) => setPending(e.target.value === user.role ? null : (e.target.value as Role))}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>{labelOf(ROLE_LABELS, r)}</option>
        ))}
      </select>
      {self && <span id={`${id}-self`} className="hint">{t("notYourOwn")}</span>}
      {pending && (
        <div
          role="group"
          aria-labelledby={`${id}-confirm`}
          className="confirm-step"
          data-testid="role-confirm"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              cancel();
            }
          }}
        >
          <p id={`${id}-confirm`} ref={confirmHeading} tabIndex={-1}>
            {t("confirm", { who, from: labelOf(ROLE_LABELS, user.role), to: labelOf(ROLE_LABELS, pending) })} {roleEffects[pending]}
          </p>
          <div className="admin-inline-row">
            <button type="button" className="button button-small" disabled={setRole.isPending} onClick={() => setRole.mutate({ userId: user.id, role: pending })}>
              {setRole.isPending ? t("changing") : t("make", { role: labelOf(ROLE_LABELS, pending).toLowerCase() })}
            </button>
            <button type="button" className="button button-small button-quiet" onClick={cancel}>
              {t("cancel")}
            </button>
          </div>
          {setRole.error && <FormError message={errorMessage(setRole.error)} />}
        </div>
      )}
      {setRole.data && !pending && (
        <p className="points-plus" role="status">
          {t("changed", { role: labelOf(ROLE_LABELS, setRole.data.to) })}
        </p>
      )}
    </div>
  );
}
