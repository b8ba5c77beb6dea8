import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { env } from "@/server/config/env";
import { db } from "@/server/db/client";
import { readUnsubscribeLink } from "@/server/domain/alerts/subscriptions";
import { AppError } from "@/server/domain/errors";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AlertUnsubscribe");
  return { title: t("heading") };
}
export const dynamic = "force-dynamic";

async function linkState(token: string) {
  if (!token || token.length > 200) return { kind: "invalid" as const };
  try {
    const { subscription } = await readUnsubscribeLink(db(), env().NEXTAUTH_SECRET, token);
    return subscription ? { kind: "active" as const, subscription } : { kind: "gone" as const };
  } catch (err) {
    if (err instanceof AppError && err.code === "INVALID_INPUT") return { kind: "invalid" as const };
    throw err;
  }
}

/**
 * The page an alert's unsubscribe link opens: opening it changes nothing (mail scanners open
 * links); it says which area alert the link stops, and the button posts the one-click form. Works
 * without JavaScript and without signing in.
 */
export default async function AlertUnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; done?: string | string[] }> }) {
  const { token, done } = await searchParams;
  const t = await getTranslations("AlertUnsubscribe");
  if (done === "1") {
    return (
      <section className="narrow">
        <div className="card" data-testid="alert-unsubscribed">
          <h1>{t("doneHeading")}</h1>
          <p>{t("doneBody")}</p>
          <Link className="button" href="/profile">
            {t("manage")}
          </Link>
        </div>
      </section>
    );
  }
  const state = await linkState(typeof token === "string" ? token : "");
  if (state.kind !== "active") {
    return (
      <section className="narrow">
        <div className="card">
          <h1>{state.kind === "gone" ? t("goneHeading") : t("invalidHeading")}</h1>
          <p role={state.kind === "invalid" ? "alert" : undefined}>{state.kind === "gone" ? t("goneBody") : t("invalidBody")}</p>
          <Link className="button" href="/profile">
            {t("manage")}
          </Link>
        </div>
      </section>
    );
  }
  const { radiusMeters, latitude, longitude } = state.subscription;
  return (
    <section className="narrow">
      <div className="card">
        <h1>{t("heading")}</h1>
        <p>{t("confirmBody", { radius: radiusMeters / 1000, latitude: latitude.toFixed(4), longitude: longitude.toFixed(4) })}</p>
        <form method="post" action="/api/alerts/unsubscribe">
          <input type="hidden" name="token" value={token as string} />
          <button type="submit" className="button">
            {t("stop")}
          </button>{" "}
          <Link href="/profile">{t("keep")}</Link>
        </form>
      </div>
    </section>
  );
}
