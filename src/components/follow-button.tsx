"use client";

import Link from "next/link";
import { signInPath } from "@/lib/return-path";
import { trpc, useErrorMessage } from "@/lib/trpc";

interface Props {
  reportId: string;
  reportRef: string;
  followedByMe: boolean;
  canFollow: boolean;
  signedIn: boolean;
  onChange: (following: boolean) => void;
}

/** Follow a report to hear of its status changes as its reporter does; unfollow the same way. */
export function FollowButton({ reportId, reportRef, followedByMe, canFollow, signedIn, onChange }: Props) {
  const errorMessage = useErrorMessage();
  const follow = trpc.reports.follow.useMutation({ onSuccess: (r) => onChange(r.following) });
  const unfollow = trpc.reports.unfollow.useMutation({ onSuccess: (r) => onChange(r.following) });
  const pending = follow.isPending || unfollow.isPending;
  const error = follow.error ?? unfollow.error;

  if (!signedIn) {
    return (
      <Link className="button button-small button-quiet" href={signInPath(`/reports/${reportRef}`)}>
        Sign in to follow
      </Link>
    );
  }
  if (!canFollow && !followedByMe) return null;
  return (
    <div className="follow" data-testid="follow">
      <button
        type="button"
        className="button button-small button-quiet"
        disabled={pending}
        onClick={() => {
          follow.reset();
          unfollow.reset();
          if (followedByMe) unfollow.mutate({ reportId });
          else follow.mutate({ reportId });
        }}
      >
        {followedByMe ? "Unfollow" : "Follow"}
      </button>{" "}
      <span className="muted" aria-live="polite">
        {followedByMe ? "You hear of every status change." : "Hear of every status change."}
      </span>
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
