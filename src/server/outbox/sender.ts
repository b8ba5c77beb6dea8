import { Inngest } from "inngest";
import { env } from "../config/env";
import { logger } from "../logging/logger";
import type { SendEvents } from "./relay";

/** How CivicLens reaches Inngest: the one configuration of the functions' client (inngest/client.ts) and the relay's sender. */
export function inngestClientOptions() {
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

/**
 * The client the outbox relay sends with. Outbox rows already carry sealed secrets, so this one has
 * no encryption middleware (it would seal them a second time). The outbox owns it, so the relay
 * needs nothing from inngest/ (which depends on the server, never the other way round).
 */
export const inngestSender = new Inngest(inngestClientOptions());

export const sendToInngest: SendEvents = (events) => inngestSender.send(events);
