import { AsyncLocalStorage } from "node:async_hooks";
import { relayAfterResponse } from "./schedule";

/**
 * Which unit of work wrote outbox rows, so that its rows are relayed after its response without
 * anyone having to remember to ask. A tRPC mutation is such a unit (trpc/init.ts): it is tracked,
 * and asks for the relay once, when it succeeded. Anything else that writes events (next-auth's
 * sign-in, a route handler) is not tracked, and each write asks for the relay itself.
 */
const unit = new AsyncLocalStorage<{ wrote: boolean }>();

export async function trackOutboxWrites<T>(work: () => Promise<T>): Promise<{ result: T; wrote: boolean }> {
  const record = { wrote: false };
  const result = await unit.run(record, work);
  return { result, wrote: record.wrote };
}

/** Called by every outbox write. */
export function noteOutboxWrite(): void {
  const record = unit.getStore();
  if (record) record.wrote = true;
  else relayAfterResponse();
}
