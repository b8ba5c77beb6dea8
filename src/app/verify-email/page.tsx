import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { VerifyEmail } from "./verify-email";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("VerifyEmail");
  return { title: tMeta("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <section className="narrow">
      <VerifyEmail token={typeof token === "string" ? token : ""} />
    </section>
  );
}
