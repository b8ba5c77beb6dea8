import { cron } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { relayOutbox, type RelayResult } from "@/server/outbox/relay";
import { sendToInngest } from "@/server/outbox/sender";
import { inngest } from "../client";
import { outboxSweepRequested } from "../events";

/** Passes one sweep run makes (each up to 2,000 events, one step each) before it hands over to the next run. */
export const SWEEP_MAX_PASSES = 25;

/**
 * Every minute, sends what the after-response relay could not (Inngest was down, the process died).
 * Also proof of life: while this runs, Inngest is reachable, so it drains the backlog, a bounded
 * pass per step, until a pass finds nothing more or Inngest refuses events (those rows wait out
 * their backoff).
 *
 * A pass that throws (no database connection in time) is retried by Inngest, from that pass: the
 * passes before it are memoized, and a pass is safe to repeat (rows are claimed with a lease, and a
 * row sent twice has the same event id, which Inngest drops). A backlog larger than one run's passes
 * continues in a new run at once (`outbox/sweep.requested`); one run at a time either way.
 */
export const outboxSweep = inngest.createFunction(
  {
    id: "outbox-sweep",
    name: "Outbox sweep",
    triggers: [cron("* * * * *"), outboxSweepRequested],
    retries: 3,
    concurrency: { limit: 1 },
  },
  async ({ step, runId }) => {
    const total: RelayResult = { sent: 0, failed: 0, error: null, more: false };
    for (let pass = 1; pass <= SWEEP_MAX_PASSES; pass++) {
      const r = await step.run(pass === 1 ? "relay-pending" : `relay-pending-${pass}`, () => relayOutbox(backgroundDb(), sendToInngest));
      total.sent += r.sent;
      total.failed += r.failed;
      total.error = r.error;
      total.more = r.more;
      if (!r.more || r.error) break;
    }
    if (total.more) {
      // The event id makes a repeated send of this step one continuation, not two.
      await step.sendEvent("continue", outboxSweepRequested.create({ previousRunId: runId }, { id: `outbox-sweep-after-${runId}` }));
    }
    return total;
  },
);
