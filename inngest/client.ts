import { encryptionMiddleware } from "@inngest/middleware-encryption";
import { Inngest } from "inngest";
import { env } from "@/server/env";
import { logger } from "@/server/logging/logger";
import { LogContextMiddleware } from "./log-context";
import { SealedDataService } from "./sealed-data";
import { TaskRunsMiddleware } from "./task-runs-middleware";

function clientOptions() {
  const e = env();
  return {
    id: "civiclens",
    isDev: e.inngestDev,
    ...(e.INNGEST_BASE_URL ? { baseUrl: e.INNGEST_BASE_URL } : {}),
    ...(e.INNGEST_EVENT_KEY ? { eventKey: e.INNGEST_EVENT_KEY } : {}),
    ...(e.INNGEST_SIGNING_KEY ? { signingKey: e.INNGEST_SIGNING_KEY } : {}),
    // One HTTP round trip per step: each step's result is stored by Inngest before the next runs,
    // which is what the idempotency of our steps is reasoned against (and what the test stand-in speaks).
    checkpointing: false,
    // The SDK's own lines and each function's `logger` go through the app's logger (redacted, in context).
    logger,
  } as const;
}

/** The client functions are defined on: opens sealed secrets, encrypts step data, records runs. */
export const inngest = new Inngest({
  ...clientOptions(),
  middleware: [
    LogContextMiddleware,
    encryptionMiddleware({ key: env().INNGEST_ENCRYPTION_KEY, encryptionService: new SealedDataService(env().INNGEST_ENCRYPTION_KEY) }),
    TaskRunsMiddleware,
  ],
});

/**
 * The client the outbox relay sends with. Outbox rows already carry sealed secrets, so this one has
 * no encryption middleware (it would seal them a second time).
 */
export const inngestSender = new Inngest(clientOptions());
