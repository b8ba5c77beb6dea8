import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { env } from "@/server/config/env";
import { Mailbox } from "./mailbox";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("DevMailbox");
  return { title: tMeta("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function MailboxPage() {
  if (!env().DEV_MAILBOX) notFound();
  const t = await getTranslations("DevMailbox");
  return (
    <section>
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <Mailbox />
    </section>
  );
}
