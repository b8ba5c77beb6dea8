import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { mapConfig } from "@/server/config/map-config";
import { ModerationQueue } from "./moderation-queue";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("AdminMetadata");
  return { title: tMeta("queue") };
}
export const dynamic = "force-dynamic";

export default async function AdminQueuePage() {
  const t = await getTranslations("AdminPages");
  return (
    <section>
      <h1>{t("queueHeading")}</h1>
      <ModerationQueue map={mapConfig()} />
    </section>
  );
}
