import "server-only";
import type { DB, Tx } from "../../db/client";
import { recordAudit } from "../audit";
import { findDefaultBody, findRoutingCandidates } from "./body-queries";
import { chooseBody } from "./routing";

export type RouteOutcome =
  | { changed: true; bodyId: string; fromBodyId: string | null }
  | { changed: false; bodyId: string | null; reason: "unchanged" | "no body" | "report not found" };

/**
 * Routes a report to its body (routing.ts) from the report as it is now, not as an event said it
 * was, so a late or repeated delivery lands where the latest category and place say. The report row
 * is locked first, so two runs (report/created and a recategorisation, or a duplicate delivery)
 * take turns and the second finds nothing to change. A change of body writes one public timeline
 * entry (its words come from the metadata, in the reader's language) and one audit row; no change
 * writes nothing.
 */
export async function routeReportIn(trx: Tx, reportId: string, cause: { eventId: string | null; reason: string }): Promise<RouteOutcome> {
  const report = await trx
    .selectFrom("reports")
    .select(["id", "ref", "latitude", "longitude", "category", "body_id"])
    .where("id", "=", reportId)
    .forUpdate()
    .executeTakeFirst();
  if (!report) return { changed: false, bodyId: null, reason: "report not found" };

  const candidates = await findRoutingCandidates(trx, report, report.category);
  const target = chooseBody(candidates, report, report.category) ?? (await findDefaultBody(trx));
  if (!target) return { changed: false, bodyId: report.body_id, reason: "no body" };
  if (target.id === report.body_id) return { changed: false, bodyId: target.id, reason: "unchanged" };

  const from = report.body_id
    ? await trx.selectFrom("bodies").select(["id", "name"]).where("id", "=", report.body_id).executeTakeFirst()
    : undefined;
  await trx.updateTable("reports").set({ body_id: target.id }).where("id", "=", report.id).execute();
  const body = { from: from?.name ?? null, to: target.name };
  await trx
    .insertInto("report_updates")
    .values({
      report_id: report.id,
      kind: "body_changed",
      actor_role: "system",
      note: null,
      metadata: JSON.stringify({ body, bodyId: { from: from?.id ?? null, to: target.id }, reason: cause.reason }),
    })
    .execute();
  await recordAudit(trx, {
    action: "report.routed",
    resourceType: "report",
    resourceId: report.id,
    description: `${report.ref}: ${from ? `${from.name} → ` : ""}${target.name}`,
    metadata: { ref: report.ref, from: from?.id ?? null, to: target.id, category: report.category, reason: cause.reason, eventId: cause.eventId },
  });
  return { changed: true, bodyId: target.id, fromBodyId: report.body_id };
}

export async function routeReport(db: DB, reportId: string, cause: { eventId: string | null; reason: string }): Promise<RouteOutcome> {
  return db.transaction().execute((trx) => routeReportIn(trx, reportId, cause));
}
