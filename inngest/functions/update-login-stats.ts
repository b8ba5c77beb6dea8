import { db } from "@/server/db/client";
import { recordLoginStats } from "@/server/domain/users";
import { inngest } from "../client";
import { loginSucceeded } from "../events";

/** Counts a sign-in; the event id makes a redelivery a no-op. */
export const updateLoginStats = inngest.createFunction(
  { id: "update-login-stats", name: "Update login stats", triggers: [loginSucceeded], retries: 5 },
  async ({ event, step }) => {
    const applied = await step.run("count-login", () =>
      recordLoginStats(db(), { eventId: event.id!, userId: event.data.userId, at: new Date(event.data.at) }),
    );
    return { applied };
  },
);
