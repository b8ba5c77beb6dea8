import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import type { DB } from "@/server/db/client";
import type { Role } from "@/server/db/schema";
import { createCaller } from "@/server/trpc/root";

/**
 * A tRPC caller as a browser would get it: anonymous, or signed in as `user` with a session of its
 * own (a fresh session id, issued under the account's current epoch unless `sid`/`epoch` say otherwise).
 */
export function callerFor(db: DB, user?: { id: string; phone: string; role?: Role; session_epoch?: number; sid?: string }, ip = "203.0.113.9") {
  const session: Session | null = user
    ? {
        user: { id: user.id, phone: user.phone, role: user.role ?? "citizen" },
        expires: new Date(Date.now() + 3600_000).toISOString(),
        sid: user.sid ?? randomUUID(),
        epoch: user.session_epoch ?? 0,
      }
    : null;
  return createCaller({ db, session, client: { ip, userAgent: "vitest" } });
}

/** The TRPCError a call failed with (fails the test if it succeeded or threw something else). */
export async function trpcFailure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(err)}`);
  return err;
}
