import type { DB } from "@/server/db/client";
import { eventSchemas, type EventPayload } from "@/shared/events";

/** A sign-in event's payload, valid by the contract; `i` tells them apart. */
export const signIn = (i: number): EventPayload<"auth/login.succeeded"> => ({ userId: `u${i}`, method: "phone-otp", ip: null, userAgent: null, at: new Date().toISOString() });

/**
 * `n` pending sign-in events, written as one statement (a backlog, for the relay and the sweep to
 * drain); their ids in outbox order. Each payload is checked against the contract first.
 */
export async function pendingSignIns(db: DB, n: number): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({ name: "auth/login.succeeded", data: JSON.stringify(eventSchemas["auth/login.succeeded"].parse(signIn(i))) }));
  const inserted = await db.insertInto("event_outbox").values(rows).returning(["id", "seq"]).execute();
  return inserted.sort((a, b) => a.seq - b.seq).map((r) => r.id);
}
