import type { Metadata } from "next";
import { checkStaff } from "../staff";
import { TaskMonitor } from "./task-monitor";

export const metadata: Metadata = { title: "Background tasks" };
export const dynamic = "force-dynamic";

export default async function TasksPage() {
  const who = await checkStaff();
  return (
    <section>
      <h1>Background tasks</h1>
      <TaskMonitor isAdmin={who.kind === "staff" && who.isAdmin} />
    </section>
  );
}
