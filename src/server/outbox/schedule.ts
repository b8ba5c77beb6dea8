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

/** After the response is sent, relay what this request wrote to the outbox. */
export function relayAfterResponse(): void {
  if (afterThisResponse(() => relayNow())) return;
  try {
    after(() => relayNow());
  } catch {
    // Outside a request scope (scripts, tests): the sweep will pick the events up.
  }
}
