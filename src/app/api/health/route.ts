import { sql } from "kysely";
import { sessionFromHeaders } from "@/server/auth/auth-options";
import { db } from "@/server/db/client";
import type { User } from "@/server/db/schema";
import { getOutboxStats } from "@/server/outbox/queries";
import { maskText, seesContactData } from "@/server/domain/privacy/mask-contact";
import { findSessionUser } from "@/server/domain/users";
import { inngestDeliveryStatus } from "@/server/outbox/inngest-status";

export const dynamic = "force-dynamic";

// The answer depends on who asks: no shared cache may keep a staff answer for the public.
const headers = { "cache-control": "private, no-store" };

/** A moderator or admin whose session still stands, by the role the database holds now (not the cookie's). */
async function staffAsking(request: Request): Promise<User | null> {
  const session = await sessionFromHeaders(request.headers);
  if (!session?.user?.id || !session.sid || session.epoch === undefined) return null;
  const user = await findSessionUser(db(), { userId: session.user.id, sid: session.sid, epoch: session.epoch });
  return user && user.role !== "citizen" ? user : null;
}

/**
 * Liveness for load balancers: 200 when the database answers, 503 when it does not, and nothing
 * more for the public (the outbox's errors and the Inngest mode are a map for an attacker).
 * Staff get the details: database latency, outbox depth and age, and whether events can be sent.
 */
export async function GET(request: Request) {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db());
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const staff = await staffAsking(request);
    if (!staff) return Response.json({ status: "ok" }, { headers });
    const [outbox, inngest] = await Promise.all([getOutboxStats(db()), inngestDeliveryStatus(db())]);
    const text = (s: string | null) => (s === null || seesContactData(staff) ? s : maskText(s));
    return Response.json(
      {
        status: "ok",
        database: { up: true, latencyMs },
        outbox: { pending: outbox.pending, oldestPendingAgeSeconds: outbox.oldestPendingAgeSeconds, lastError: text(outbox.lastError) },
        inngest: { ...inngest, reason: text(inngest.reason) },
      },
      { headers },
    );
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503, headers });
  }
}
