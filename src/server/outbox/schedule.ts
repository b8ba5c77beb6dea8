import { after } from "next/server";
import { backgroundDb } from "../db/client";
import { logger } from "../logging/logger";
import { afterThisResponse } from "./after-response";
import { relayOutbox, type RelayResult } from "./relay";
import { sendToInngest } from "./sender";

// One relay pass at a time per process; a request arriving during a pass asks for one more pass
// afterwards instead of starting its own, so a burst of requests does not become a burst of relays.
// Kept on globalThis like the database handle: the production server's tRPC bundle and Next's route
// bundles each have a copy of this module, and a stopping server must flush all of them (flushRelay).
const relay = ((globalThis as unknown as { civiclensRelay?: RelayState }).civiclensRelay ??= { running: null, again: false, soon: null });

interface RelayState {
  running: Promise<RelayResult> | null;
  again: boolean;
  soon: { pass: Promise<RelayResult>; now: () => void } | null;
}

export function relayNow(): Promise<RelayResult> {
  if (relay.running) {
    relay.again = true;
    return relay.running;
  }
  relay.running = (async () => {
    let last: RelayResult = { sent: 0, failed: 0, error: null, more: false };
    do {
      relay.again = false;
      last = await relayOutbox(backgroundDb(), sendToInngest).catch((err: unknown) => ({
        sent: 0,
        failed: 0,
        error: err instanceof Error ? err.message : String(err),
        more: false,
      }));
      if (last.error) logger.warn(`[outbox] relay pass failed; the events stay pending for the next pass or the sweep: ${last.error}`);
      // Another pass when a response asked for one meanwhile, or when this one stopped at its
      // batch limit: a backlog (after a burst, or Inngest back after an outage) drains now rather
      // than waiting for the next response or the sweep.
    } while ((relay.again || last.more) && !last.error);
    return last;
  })().finally(() => {
    relay.running = null;
  });
  return relay.running;
}

/**
 * How long a finished response waits for others before its relay pass starts. Responses finishing
 * within the window share one pass (one claim, one call to Inngest, one update), instead of a pass
 * each: under load, passes back to back cost more CPU than the requests they followed (the figures
 * are in bench/RESULTS.md and ADR 0008). An event leaves at most one window later.
 */
export const RELAY_WINDOW_MS = 100;
export function relaySoon(): Promise<RelayResult> {
  if (!relay.soon) {
    let now = () => {};
    const due = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, RELAY_WINDOW_MS);
      now = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    relay.soon = {
      now,
      pass: due.then(() => {
        relay.soon = null;
        return relayNow();
      }),
    };
  }
  return relay.soon.pass;
}

/**
 * For a server that is stopping: the pass still waiting for its window runs now, and a pass in
 * flight is awaited, so events written by the last responses leave before the database closes
 * instead of waiting for the sweep (up to a minute for a sign-in code during a deploy).
 */
export async function flushRelay(): Promise<void> {
  if (relay.soon) {
    relay.soon.now();
    await relay.soon.pass;
  } else if (relay.running) {
    await relay.running;
  }
}

/** After the response is sent, relay what this request wrote to the outbox (within RELAY_WINDOW_MS). */
export function relayAfterResponse(): void {
  if (afterThisResponse(() => relaySoon())) return;
  try {
    after(() => relaySoon());
  } catch {
    // Outside a request scope (scripts, tests): the sweep will pick the events up.
  }
}
