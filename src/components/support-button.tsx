"use client";

import Link from "next/link";
import { signInPath } from "@/lib/return-path";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { SupportCount } from "./support-count";

export interface SupportState {
  supportCount: number;
  supportedByMe: boolean;
}

interface Props extends SupportState {
  reportId: string;
  reportRef: string;
  /** The server's word: signed in, not the reporter, the report still open. A support given stays removable. */
  canSupport: boolean;
  signedIn: boolean;
  /** Why a signed-in person cannot support, when they cannot. */
  cannotReason: string | null;
  onChange: (next: SupportState) => void;
}

/**
 * "This affects me too": a toggle (aria-pressed) for a signed-in neighbour, the count beside it
 * announced politely as it changes. Visitors get a way to sign in and come back here.
 */
export function SupportButton({ reportId, reportRef, supportCount, supportedByMe, canSupport, signedIn, cannotReason, onChange }: Props) {
  const errorMessage = useErrorMessage();
  const done = (r: { supportCount: number; supported: boolean }) => onChange({ supportCount: r.supportCount, supportedByMe: r.supported });
  const support = trpc.reports.support.useMutation({ onSuccess: done });
  const unsupport = trpc.reports.unsupport.useMutation({ onSuccess: done });
  const pending = support.isPending || unsupport.isPending;
  const error = support.error ?? unsupport.error;

  return (
    <div className="support" data-testid="support">
      <span aria-live="polite">
        <SupportCount count={supportCount} />
      </span>
      {!signedIn ? (
        <Link className="button button-small" href={signInPath(`/reports/${reportRef}`)}>
          Sign in to support
        </Link>
      ) : canSupport || supportedByMe ? (
        <button
          type="button"
          className="button button-small"
          aria-pressed={supportedByMe}
          disabled={pending}
          onClick={() => {
            support.reset();
            unsupport.reset();
            if (supportedByMe) unsupport.mutate({ reportId });
            else support.mutate({ reportId });
          }}
        >
          {supportedByMe && <span aria-hidden="true">✓ </span>}
          This affects me too
        </button>
      ) : (
        cannotReason && <span className="muted">{cannotReason}</span>
      )}
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
