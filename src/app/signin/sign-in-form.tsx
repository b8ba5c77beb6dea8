"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useCallback, useState, type FormEvent } from "react";
import { FieldError, FieldHint, FormError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useCountdown } from "@/lib/use-countdown";
import { announceSessionChange } from "@/lib/session-sync";

const PHONE_FIELDS = ["phone"] as const;
const CODE_FIELDS = ["code"] as const;

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const { FORM_MESSAGES } = useLabels();
  const errorMessage = useErrorMessage();
  const router = useRouter();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const validate = useCallback(
    (f: "phone" | "code") => (f === "phone" ? (phone.replace(/\D/g, "").length < 8 ? FORM_MESSAGES.phoneInvalid : null) : code.length !== 6 ? FORM_MESSAGES.codeInvalid : null),
    [phone, code, FORM_MESSAGES],
  );
  const form = useFormErrors(sentTo ? CODE_FIELDS : PHONE_FIELDS, validate);
  const [verifying, setVerifying] = useState(false);
  const countdown = useCountdown();
  const status = trpc.auth.deliveryStatus.useQuery(undefined, { refetchInterval: sentTo ? 5_000 : 30_000 });
  const request = trpc.auth.requestOtp.useMutation({
    onSuccess(res) {
      setSentTo(res.sentTo);
      form.reset();
      countdown.start(res.retryAfterSeconds);
      void status.refetch();
    },
    onError(err) {
      form.fromServer({ message: errorMessage(err), data: err.data });
      const retry = (err.data as { retryAfterSeconds?: number | null } | undefined)?.retryAfterSeconds;
      if (retry) countdown.start(Math.min(retry, 3600));
    },
  });

  async function submitPhone(e: FormEvent) {
    e.preventDefault();
    if (!form.check(PHONE_FIELDS)) return;
    request.mutate({ phone });
  }

  async function submitCode(e: FormEvent) {
    e.preventDefault();
    if (!form.check(CODE_FIELDS)) return;
    setVerifying(true);
    const res = await signIn("phone-otp", { phone, code, redirect: false });
    setVerifying(false);
    if (res?.ok && !res.error) {
      announceSessionChange("signed-in");
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    form.fromServer({ message: res?.error && res.error !== "CredentialsSignin" ? res.error : FORM_MESSAGES.codeRejected, data: { field: "code" } });
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
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+91 98765 43210"
            value={phone}
            maxLength={32}
            onChange={(e) => {
              setPhone(e.target.value);
              form.revalidate("phone", e.target.value.replace(/\D/g, "").length < 8 ? FORM_MESSAGES.phoneInvalid : null);
            }}
            {...form.describe("phone", true)}
            required
          />
          <FieldHint id="phone">We will text you a 6-digit code. Standard SMS rates may apply.</FieldHint>
          <FieldError id="phone" message={form.errors.phone} />
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
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={(e) => {
              const next = e.target.value.replace(/\D/g, "").slice(0, 6);
              setCode(next);
              form.revalidate("code", next.length === 6 ? null : FORM_MESSAGES.codeInvalid);
            }}
            {...form.describe("code")}
            required
          />
          <FieldError id="code" message={form.errors.code} />
          <button className="button" type="submit" disabled={verifying}>
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
                form.reset();
              }}
            >
              Use another number
            </button>
          </div>
        </form>
      )}
      <FormError message={form.formError} testId="signin-error" />
    </div>
  );
}
