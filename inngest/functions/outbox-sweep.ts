import { cron } from "inngest";
import { db } from "@/server/db/client";
import { relayOutbox, type RelayResult } from "@/server/outbox/relay";
import { inngest, inngestSender } from "../client";

/** Passes one sweep may make (each up to 2,000 events, one step each): 50,000 events a minute. */
const SWEEP_MAX_PASSES = 25;

/**
 * Every minute, sends what the after-response relay could not (Inngest was down, the process died).
 * Also proof of life: while this runs, Inngest is reachable, so it drains the backlog, a bounded
 * pass per step, until a pass finds nothing more or fails.
 */
export const outboxSweep = inngest.createFunction(
  { id: "outbox-sweep", name: "Outbox sweep", triggers: [cron("* * * * *")], retries: 0, concurrency: { limit: 1 } },
  async ({ step }) => {
    const total: RelayResult = { sent: 0, failed: 0, error: null, more: false };
    for (let pass = 1; pass <= SWEEP_MAX_PASSES; pass++) {
      const r = await step.run(pass === 1 ? "relay-pending" : `relay-pending-${pass}`, () => relayOutbox(db(), (events) => inngestSender.send(events)));
      total.sent += r.sent;
      total.failed += r.failed;
      total.error = r.error;
      total.more = r.more;
      if (!r.more || r.error) break;
    }
    return total;
  },
);
