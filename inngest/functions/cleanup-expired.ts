import { cron } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { cleanupExpired as cleanup } from "@/server/domain/cleanup";
import { inngest } from "../client";

export const cleanupExpired = inngest.createFunction(
  { id: "cleanup-expired", name: "Clean up expired codes and counters", triggers: [cron("0 * * * *")], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) => step.run("delete-expired", () => cleanup(backgroundDb())),
);
