"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { trpc, useErrorMessage } from "@/lib/trpc";

/**
 * Verifies on open, from the browser: mail scanners that fetch links without running scripts do not
 * use up the single-use token. The ref keeps React's development double-mount from sending it twice.
 */
export function VerifyEmail({ token }: { token: string }) {
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
        <h1>Verification link incomplete</h1>
        <p>This link has no token. Open the link from the email again, or ask for a new one on <Link href="/profile">your profile</Link>.</p>
      </div>
    );
  }
  if (verify.isSuccess) {
    return (
      <div className="card verify-result" role="status" data-testid="email-verified-page">
        <h1>Email verified</h1>
        <p>
          <strong>{verify.data.email}</strong> is confirmed. CivicLens will email you when the city updates your reports.
        </p>
        <Link className="button" href="/profile">
          Go to your profile
        </Link>
      </div>
    );
  }
  if (verify.isError) {
    return (
      <div className="card verify-result">
        <h1>We could not verify this email</h1>
        <p className="error" role="alert" data-testid="verify-email-error">
          {errorMessage(verify.error)}
        </p>
        <Link className="button" href="/profile">
          Go to your profile
        </Link>
      </div>
    );
  }
  return (
    <div className="card verify-result">
      <h1>Verifying your email…</h1>
      <p className="muted">This takes a moment.</p>
    </div>
  );
}
