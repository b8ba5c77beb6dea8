import { cron } from "inngest";
import { db } from "@/server/db/client";
import { relayOutbox } from "@/server/outbox/relay";
import { inngest, inngestSender } from "../client";

/**
 * Every minute, sends what the after-response relay could not (Inngest was down, the process died).
 * Also proof of life: while this runs, Inngest is reachable, so it drains the whole backlog.
 */
export const outboxSweep = inngest.createFunction(
  { id: "outbox-sweep", name: "Outbox sweep", triggers: [cron("* * * * *")], retries: 0, concurrency: { limit: 1 } },
  async ({ step }) => step.run("relay-pending", () => relayOutbox(db(), (events) => inngestSender.send(events))),
);
