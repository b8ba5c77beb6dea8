import { backgroundDb } from "@/server/db/client";
import { recordLoginStats } from "@/server/domain/users";
import { inngest } from "../client";
import { loginSucceeded } from "../events";

/** Counts a sign-in; the event id makes a redelivery a no-op. */
export const updateLoginStats = inngest.createFunction(
  { id: "update-login-stats", name: "Update login stats", triggers: [loginSucceeded], retries: 5, concurrency: { limit: 2 } },
  async ({ event, step }) => {
    const applied = await step.run("count-login", () =>
      recordLoginStats(backgroundDb(), { eventId: event.id, userId: event.data.userId, at: new Date(event.data.at) }),
    );
    return { applied };
  },
);
