import { sql } from "kysely";
import { db } from "@/server/db/client";
import { getOutboxStats } from "@/server/domain/outbox";
import { env } from "@/server/env";
import { isInngestReachable } from "@/server/inngest-status";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and people: 200 when the database answers, 503 when it does not. */
export async function GET() {
  const started = performance.now();
  const inngest = isInngestReachable().then((reachable) => ({ reachable, mode: env().inngestDev ? "dev" : "cloud" }));
  try {
    await sql`select 1`.execute(db());
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const outbox = await getOutboxStats(db());
    return Response.json({
      status: "ok",
      database: { up: true, latencyMs },
      outbox: { pending: outbox.pending, oldestPendingAgeSeconds: outbox.oldestPendingAgeSeconds, lastError: outbox.lastError },
      inngest: await inngest,
    });
  } catch {
    return Response.json(
      { status: "unavailable", database: { up: false, error: "The database is not answering." }, inngest: await inngest },
      { status: 503 },
    );
  }
}
