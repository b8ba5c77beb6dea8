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
 * How long one call to Inngest's event API may go unanswered before it counts as failed (the SDK
 * then retries it, four more times). Without it a connection that never answers holds the
 * process's one relay pass for undici's five-minute header timeout, and every event behind it waits.
 */
export const SEND_ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * `fetch` that gives up after `ms` (and still on its caller's own signal). Giving up fails as a lost
 * connection does, "fetch failed" with the code ETIMEDOUT, which the SDK retries without calling
 * it a misconfiguration and the outbox records as the row's error.
 */
export function fetchWithin(ms: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    try {
      return await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
    } catch (err) {
      if (!timeout.aborted || init?.signal?.aborted) throw err;
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(`no answer within ${ms} ms`), { code: "ETIMEDOUT" }) });
    }
  };
}

/**
 * The client the outbox relay sends with. Outbox rows already carry sealed secrets, so this one has
 * no encryption middleware (it would seal them a second time). The outbox owns it, so the relay
 * needs nothing from inngest/ (which depends on the server, never the other way round).
 */
export const inngestSender = new Inngest({ ...inngestClientOptions(), fetch: fetchWithin(SEND_ATTEMPT_TIMEOUT_MS) });

export const sendToInngest: SendEvents = (events) => inngestSender.send(events);
