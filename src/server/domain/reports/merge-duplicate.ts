import "server-only";
import { sql } from "kysely";
import type { Tx } from "../../db/client";
import type { Report } from "../../db/schema";
import { enqueue } from "../../outbox/enqueue";

type Side = Pick<Report, "id" | "ref" | "reporter_id">;

/**
 * Marking `duplicate` a duplicate of `original`, inside the moderation's transaction: its supporters
 * and followers move onto the original, and its reporter becomes a supporter and a follower of the
 * original (unless they reported the original). A citizen on both counts once (the primary keys),
 * the original's own reporter never supports or follows it by a row, and both counts are recounted
 * from the rows, so a merge cannot double-count whatever was there before. When the original gained
 * support, `report/supported` recomputes its priority and its milestones like any other support.
 */
export async function mergeDuplicate(trx: Tx, duplicate: Side, original: Side, now: Date) {
  const joiner = duplicate.reporter_id === original.reporter_id ? null : duplicate.reporter_id;
  for (const table of ["report_supports", "report_follows"] as const) {
    await sql`
      insert into ${sql.table(table)} (report_id, user_id, created_at)
      select ${original.id}::uuid, user_id, created_at from ${sql.table(table)}
       where report_id = ${duplicate.id}::uuid and user_id <> ${original.reporter_id}::uuid
      union all
      select ${original.id}::uuid, ${joiner}::uuid, ${now}::timestamptz where ${joiner}::uuid is not null
      on conflict (report_id, user_id) do nothing`.execute(trx);
    await trx.deleteFrom(table).where("report_id", "=", duplicate.id).execute();
  }
  const before = await trx.selectFrom("reports").select("support_count").where("id", "=", original.id).executeTakeFirstOrThrow();
  const counts = await trx
    .updateTable("reports")
    .set({ support_count: sql<number>`(select count(*) from report_supports s where s.report_id = reports.id)::int` })
    .where("id", "in", [original.id, duplicate.id])
    .returning(["id", "support_count"])
    .execute();
  const originalCount = counts.find((c) => c.id === original.id)!.support_count;
  if (originalCount > before.support_count && joiner) {
    await enqueue(trx, "report/supported", {
      reportId: original.id,
      ref: original.ref,
      reporterId: original.reporter_id,
      supporterId: joiner,
      supportCount: originalCount,
      at: now.toISOString(),
    });
  }
  return { originalSupportCount: originalCount };
}
