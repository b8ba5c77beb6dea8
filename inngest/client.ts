import { encryptionMiddleware } from "@inngest/middleware-encryption";
import { Inngest } from "inngest";
import { env } from "@/server/config/env";
import { inngestClientOptions } from "@/server/outbox/sender";
import { LogContextMiddleware } from "./log-context";
import { SealedDataService } from "./sealed-data";
import { TaskRunsMiddleware } from "./task-runs-middleware";

/** The client functions are defined on: opens sealed secrets, encrypts step data, records runs. */
export const inngest = new Inngest({
  ...inngestClientOptions(),
  middleware: [
    LogContextMiddleware,
    encryptionMiddleware({ key: env().INNGEST_ENCRYPTION_KEY, encryptionService: new SealedDataService(env().INNGEST_ENCRYPTION_KEY) }),
    TaskRunsMiddleware,
  ],
});

