import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditChainState } from "./audit-chain-state";
import { AuditLog } from "./audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("AdminMetadata");
  return { title: tMeta("audit") };
}
export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const t = await getTranslations("AdminPages");
  return (
    <section>
      <h1>{t("auditHeading")}</h1>
      <AuditChainState />
      <AuditLog />
    </section>
  );
}
