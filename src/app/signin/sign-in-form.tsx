"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc } from "@/lib/trpc";
import { useCountdown } from "@/lib/use-countdown";
import { announceSessionChange } from "@/lib/session-sync";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const countdown = useCountdown();
  const status = trpc.auth.deliveryStatus.useQuery(undefined, { refetchInterval: sentTo ? 5_000 : 30_000 });
  const request = trpc.auth.requestOtp.useMutation({
    onSuccess(res) {
      setSentTo(res.sentTo);
      setError(null);
      countdown.start(res.retryAfterSeconds);
      void status.refetch();
    },
    onError(err) {
      setError(errorMessage(err));
      const retry = (err.data as { retryAfterSeconds?: number | null } | undefined)?.retryAfterSeconds;
      if (retry) countdown.start(Math.min(retry, 3600));
    },
  });

  async function submitPhone(e: FormEvent) {
    e.preventDefault();
    request.mutate({ phone });
  }

  async function submitCode(e: FormEvent) {
    e.preventDefault();
    setVerifying(true);
    setError(null);
    const res = await signIn("phone-otp", { phone, code, redirect: false });
    setVerifying(false);
    if (res?.ok && !res.error) {
      announceSessionChange("signed-in");
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "That code is not valid or has expired. Check it, or ask for a new one.");
  }

  const worker = status.data;
  return (
    <div className="card">
      {worker && !worker.workerConnected && (
        <p className="notice" role="status" data-testid="worker-offline">
          The background worker is not connected, so codes are waiting in the queue. They will be sent as soon as it
          connects.{" "}
          {worker.devServer ? (
            <>
              Start it with <code>npx inngest-cli@latest dev</code>.
            </>
          ) : (
            <>Please try again in a few minutes.</>
          )}
        </p>
      )}
      {!sentTo ? (
        <form onSubmit={submitPhone} noValidate>
          <label htmlFor="phone">Mobile number</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+91 98765 43210"
            value={phone}
            maxLength={32}
            onChange={(e) => setPhone(e.target.value)}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? "signin-error" : undefined}
            required
          />
          <p className="hint">We will text you a 6-digit code. Standard SMS rates may apply.</p>
          <button className="button" type="submit" disabled={request.isPending || countdown.left > 0}>
            {request.isPending ? "Sending…" : countdown.left > 0 ? `Try again in ${countdown.left}s` : "Send code"}
          </button>
        </form>
      ) : (
        <form onSubmit={submitCode} noValidate>
          <p>
            We sent a code to <strong data-testid="sent-to">{sentTo}</strong>.{" "}
            {worker?.devMailbox && (
              <>
                In development it arrives in the <a href="/dev/mailbox" target="_blank">dev mailbox</a>.
              </>
            )}
          </p>
          <label htmlFor="code">6-digit code</label>
          <input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? "signin-error" : undefined}
            required
          />
          <button className="button" type="submit" disabled={verifying || code.length !== 6}>
            {verifying ? "Checking…" : "Sign in"}
          </button>
          <div className="row">
            <button type="button" className="link-button" disabled={countdown.left > 0 || request.isPending} onClick={() => request.mutate({ phone })}>
              {countdown.left > 0 ? `Resend code in ${countdown.left}s` : "Resend code"}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setSentTo(null);
                setCode("");
                setError(null);
              }}
            >
              Use another number
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert" id="signin-error" data-testid="signin-error">
          {error}
        </p>
      )}
    </div>
  );
}
