import type { Metadata } from "next";
import { mapConfig } from "@/server/config/map-config";
import { ModerationQueue } from "./moderation-queue";

export const metadata: Metadata = { title: "Queue" };
export const dynamic = "force-dynamic";

export default function AdminQueuePage() {
  return (
    <section>
      <h1>Moderation queue</h1>
      <ModerationQueue map={mapConfig()} />
    </section>
  );
}
