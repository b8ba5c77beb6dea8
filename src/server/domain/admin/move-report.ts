import "server-only";
import type { DB } from "../../db/client";
import { enqueue } from "../../outbox/enqueue";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { said } from "../server-messages";
import type { MoveReportInput } from "./admin.schemas";
import { staleReport, updateReportAtVersion, type Moderator } from "./moderate-report";

export interface MoveResult {
  reportId: string;
  ref: string;
  version: number;
  /** The `report/route.requested` event written to the outbox: route-report routes the report from its new place. */
  eventId: string;
}


/**
 * A moderator corrects where a report is (a citizen's pin in the wrong street), in one transaction:
 * the point, on the version the moderator saw (of two moderators acting on one version exactly one
 * wins, as in moderateReport); a public `location_changed` timeline entry; `report/route.requested`
 * in the outbox, since the new place may be another body's; and the audit row. The map's cells follow
 * through their trigger (migration 0013). The address the citizen typed stays as written.
 */
export async function moveReport(db: DB, actor: Moderator, input: MoveReportInput): Promise<MoveResult> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select(["id", "ref", "status", "version", "latitude", "longitude"])
      .where("id", "=", input.reportId)
      .executeTakeFirst();
    if (!report) throw new AppError("NOT_FOUND", said("reportNotFound"), { field: "reportId" });
    if (report.version !== input.version) throw staleReport(report.status);
    if (report.latitude === input.latitude && report.longitude === input.longitude) {
      throw new AppError("INVALID_INPUT", said("moveUnchanged"), { field: "latitude" });
    }

    const now = new Date();
    const updated = await updateReportAtVersion(trx, report.id, input.version, { latitude: input.latitude, longitude: input.longitude, updated_at: now });

    const location = { from: { latitude: report.latitude, longitude: report.longitude }, to: { latitude: input.latitude, longitude: input.longitude } };
    await trx
      .insertInto("report_updates")
      .values({
        report_id: report.id,
        kind: "location_changed",
        // No status: the status did not change (and the export's "taken on" reads statuses from here).
        from_status: null,
        to_status: null,
        note: input.note || null,
        actor_id: actor.id,
        actor_role: actor.role,
        metadata: JSON.stringify({ action: "move", location }),
      })
      .execute();

    const eventId = await enqueue(trx, "report/route.requested", { reportId: report.id, reason: "moved", actorId: actor.id, at: now.toISOString() });

    await recordAudit(trx, {
      action: "report.move",
      actorId: actor.id,
      resourceType: "report",
      resourceId: report.id,
      description: `${report.ref}: moved from ${report.latitude}, ${report.longitude} to ${input.latitude}, ${input.longitude}`,
      metadata: { ref: report.ref, location, note: input.note || null, version: updated.version, eventId },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { reportId: report.id, ref: report.ref, version: updated.version, eventId };
  });
}
