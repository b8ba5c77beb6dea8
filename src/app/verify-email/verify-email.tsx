"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { trpc, useErrorMessage } from "@/lib/trpc";

/**
 * Verifies on open, from the browser: mail scanners that fetch links without running scripts do not
 * use up the single-use token. The ref keeps React's development double-mount from sending it twice.
 */
export function VerifyEmail({ token }: { token: string }) {
  const t = useTranslations("VerifyEmail");
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const verify = trpc.profile.verifyEmail.useMutation({ onSuccess: () => void utils.profile.me.invalidate() });
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  if (!token) {
    return (
      <div className="card">
        <h1>{t("incompleteHeading")}</h1>
        <p>{t.rich("incompleteBody", { link: (chunks) => <Link href="/profile">{chunks}</Link> })}</p>
      </div>
    );
  }
  if (verify.isSuccess) {
    return (
      <div className="card verify-result" role="status" data-testid="email-verified-page">
        <h1>{t("verifiedHeading")}</h1>
        <p>
          {t.rich("verifiedBody", { email: verify.data.email, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <Link className="button" href="/profile">
          {t("goToProfile")}
        </Link>
      </div>
    );
  }
  if (verify.isError) {
    return (
      <div className="card verify-result">
        <h1>{t("failedHeading")}</h1>
        <p className="error" role="alert" data-testid="verify-email-error">
          {errorMessage(verify.error)}
        </p>
        <Link className="button" href="/profile">
          {t("goToProfile")}
        </Link>
      </div>
    );
  }
  return (
    <div className="card verify-result">
      <h1>{t("verifyingHeading")}</h1>
      <p className="muted">{t("verifyingBody")}</p>
    </div>
  );
}
