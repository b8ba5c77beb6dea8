import { after } from "next/server";
import { inngestSender } from "@root/inngest/client";
import { afterThisResponse } from "../after-response";
import { db } from "../db/client";
import { relayOutbox, type RelayResult } from "./relay";

// One relay pass at a time per process; a request arriving during a pass asks for one more pass
// afterwards instead of starting its own, so a burst of requests does not become a burst of relays.
let running: Promise<RelayResult> | null = null;
let again = false;

export function relayNow(): Promise<RelayResult> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let last: RelayResult = { sent: 0, failed: 0, error: null };
    do {
      again = false;
      last = await relayOutbox(db(), (events) => inngestSender.send(events)).catch((err: unknown) => ({
        sent: 0,
        failed: 0,
        error: err instanceof Error ? err.message : String(err),
      }));
      if (last.error) console.warn(`[outbox] Inngest did not take events; they stay pending: ${last.error}`);
    } while (again && !last.error);
    return last;
  })().finally(() => {
    running = null;
  });
  return running;
}

/**
 * How long a finished response waits for others before its relay pass starts. Responses finishing
 * within the window share one pass (one claim, one call to Inngest, one update), instead of a pass
 * each: under load, passes back to back cost more CPU than the requests they followed. At 200
 * reports/s, 100 ms (against 15) took the server from 3.47 to 2.77 ms of CPU per report and
 * PostgreSQL from 2.1 to 1.8 (bench/RESULTS.md); the event leaves at most 0.1 s later.
 */
export const RELAY_WINDOW_MS = 100;
let soon: Promise<RelayResult> | null = null;

export function relaySoon(): Promise<RelayResult> {
  soon ??= new Promise((resolve) => setTimeout(resolve, RELAY_WINDOW_MS)).then(() => {
    soon = null;
    return relayNow();
  });
  return soon;
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
