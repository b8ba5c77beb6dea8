"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { trpc, useErrorMessage } from "@/lib/trpc";

/**
 * Unfollow from the link in a message, signed in or not: the token names the report and the
 * follower. Opening the page changes nothing; the button does.
 */
export function UnfollowLink({ token }: { token: string }) {
  const errorMessage = useErrorMessage();
  const t = useTranslations("Unfollow");
  const link = trpc.reports.unfollowLink.useQuery({ token }, { enabled: token !== "" });
  const unfollow = trpc.reports.unfollow.useMutation();

  if (!token) {
    return (
      <div className="card">
        <h1>{t("incompleteHeading")}</h1>
        <p>{t("incompleteBody")}</p>
      </div>
    );
  }
  if (link.isError) {
    return (
      <div className="card">
        <h1>{t("failedHeading")}</h1>
        <p className="error" role="alert" data-testid="unfollow-error">
          {errorMessage(link.error)}
        </p>
        <Link className="button" href="/reports">
          {t("seeReports")}
        </Link>
      </div>
    );
  }
  if (!link.data) {
    return (
      <div className="card">
        <h1>{t("heading")}</h1>
        <p className="muted">{t("checking")}</p>
      </div>
    );
  }
  const { ref, title } = link.data;
  const reportHref = `/reports/${encodeURIComponent(ref)}`;
  if (unfollow.isSuccess) {
    return (
      <div className="card" data-testid="unfollowed">
        <h1>{t("doneHeading", { ref })}</h1>
        <p>{t("doneBody")}</p>
        <Link className="button" href={reportHref}>
          {t("seeReport", { ref })}
        </Link>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{t("confirmHeading", { ref })}</h1>
      <p>
        <strong>{title}</strong>
      </p>
      <p>{t("confirmBody")}</p>
      {unfollow.isError && (
        <p className="error" role="alert">
          {errorMessage(unfollow.error)}
        </p>
      )}
      <button type="button" className="button" disabled={unfollow.isPending} onClick={() => unfollow.mutate({ token })}>
        {unfollow.isPending ? t("unfollowing") : t("stopFollowing")}
      </button>{" "}
      <Link href={reportHref}>{t("keepFollowing")}</Link>
    </div>
  );
}
