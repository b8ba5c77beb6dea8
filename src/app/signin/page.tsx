import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/return-path";
import { signedInUser } from "@/server/auth/session";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("SignIn");
  return { title: tMeta("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: a sign-in link must not bounce people to another site.
  const target = safeReturnPath(callbackUrl);
  // A suspended account's cookie does not count: they see the form (and sign-in tells them why).
  if (await signedInUser()) redirect(target);
  const t = await getTranslations("SignIn");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <SignInForm callbackUrl={target} />
    </section>
  );
}
