import { backgroundDb } from "@/server/db/client";
import { recomputePriority as recompute } from "@/server/domain/reports/priority";
import { inngest } from "../client";
import { reportSupported, reportUnsupported } from "../events";

/**
 * A support or a withdrawal may move the report's priority (the rule: domain/reports/priority.ts);
 * when it does, the report page's timeline says so. The domain keys that entry by the event id, and a
 * redelivered event finds the priority already right.
 */
export const recomputePriority = inngest.createFunction(
  {
    id: "recompute-priority",
    name: "Recompute a report's priority",
    triggers: [reportSupported, reportUnsupported],
    retries: 4,
    // One at a time per report: each run locks the report's row, and a second would only wait on it.
    concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.reportId" }],
  },
  async ({ event, step }) => step.run("recompute", () => recompute(backgroundDb(), event.data.reportId, event.id)),
);
