"use client";

import Link from "next/link";
import { trpc, useErrorMessage } from "@/lib/trpc";

/**
 * Unfollow from the link in a message, signed in or not: the token names the report and the
 * follower. Opening the page changes nothing; the button does.
 */
export function UnfollowLink({ token }: { token: string }) {
  const errorMessage = useErrorMessage();
  const link = trpc.reports.unfollowLink.useQuery({ token }, { enabled: token !== "" });
  const unfollow = trpc.reports.unfollow.useMutation();

  if (!token) {
    return (
      <div className="card">
        <h1>Unfollow link incomplete</h1>
        <p>This link has no token. Open it again from the message, or unfollow on the report&apos;s page.</p>
      </div>
    );
  }
  if (link.isError) {
    return (
      <div className="card">
        <h1>We could not use this link</h1>
        <p className="error" role="alert" data-testid="unfollow-error">
          {errorMessage(link.error)}
        </p>
        <Link className="button" href="/reports">
          See reports
        </Link>
      </div>
    );
  }
  if (!link.data) {
    return (
      <div className="card">
        <h1>Stop following a report</h1>
        <p className="muted">Checking the link…</p>
      </div>
    );
  }
  const { ref, title } = link.data;
  const reportHref = `/reports/${encodeURIComponent(ref)}`;
  if (unfollow.isSuccess) {
    return (
      <div className="card" data-testid="unfollowed">
        <h1>You no longer follow {ref}</h1>
        <p>We will not tell you about its status changes any more. You can follow it again on its page.</p>
        <Link className="button" href={reportHref}>
          See {ref}
        </Link>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Stop following {ref}?</h1>
      <p>
        <strong>{title}</strong>
      </p>
      <p>You will no longer be told when its status changes. Nothing else about your account changes.</p>
      {unfollow.isError && (
        <p className="error" role="alert">
          {errorMessage(unfollow.error)}
        </p>
      )}
      <button type="button" className="button" disabled={unfollow.isPending} onClick={() => unfollow.mutate({ token })}>
        {unfollow.isPending ? "Unfollowing…" : "Stop following"}
      </button>{" "}
      <Link href={reportHref}>Keep following</Link>
    </div>
  );
}
