import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { checkStaff } from "../staff";
import { TaskMonitor } from "./task-monitor";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("AdminMetadata");
  return { title: tMeta("tasks") };
}
export const dynamic = "force-dynamic";

export default async function TasksPage() {
  const who = await checkStaff();
  const t = await getTranslations("AdminPages");
  return (
    <section>
      <h1>{t("tasksHeading")}</h1>
      <TaskMonitor isAdmin={who.kind === "staff" && who.isAdmin} />
    </section>
  );
}
