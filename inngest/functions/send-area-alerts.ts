import { inngest } from "../client";
import { tellSubscriber } from "../area-alert-delivery";
import { alertPendingAdded } from "../events";

/**
 * A subscriber's immediate area alerts. Debounced per subscriber: a burst of reports in their area
 * starts one run after the last of them (and no later than the timeout after the first), which
 * sends one message listing them all. One run per subscriber at a time.
 */
export const sendAreaAlerts = inngest.createFunction(
  {
    id: "send-area-alerts",
    name: "Send area alerts",
    triggers: [alertPendingAdded],
    debounce: { key: "event.data.userId", period: "2m", timeout: "10m" },
    retries: 5,
    concurrency: [{ limit: 10 }, { limit: 1, key: "event.data.userId" }],
  },
  async ({ event, step }) => step.run("tell-subscriber", () => tellSubscriber(event.data.userId, "immediate")),
);
