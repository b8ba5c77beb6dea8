"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { signOutHere } from "@/components/sign-out-button";
import { trpc, useErrorMessage } from "@/lib/trpc";

/** Ends every session of the account (a lost phone, a shared computer), then signs this browser out. */
export function SignOutEverywhere() {
  const t = useTranslations("SignOutEverywhere");
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
      <h2 id="sessions-heading">{t("heading")}</h2>
      <p>{t("body")}</p>
      {end.error && (
        <p className="error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      {!confirming ? (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
          {t("start")}
        </button>
      ) : (
        <div className="row" role="group" aria-label={t("confirmGroup")}>
          <button type="button" className="button" disabled={end.isPending || leaving} onClick={() => end.mutate()} data-testid="confirm-sign-out-everywhere">
            {end.isPending || leaving ? t("pending") : t("confirm")}
          </button>
          <button type="button" className="button button-quiet" disabled={end.isPending || leaving} onClick={() => setConfirming(false)}>
            {t("cancel")}
          </button>
        </div>
      )}
    </section>
  );
}
