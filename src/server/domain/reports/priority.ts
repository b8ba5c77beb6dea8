import "server-only";
import type { DB } from "../../db/client";
import type { Priority, Report } from "../../db/schema";
import { prioritize } from "../../triage/priority";
import type { Category, Status } from "@/shared/report-catalog";
import { isClosed } from "./status";

/**
 * A report's priority by the one rule (triage/priority.ts `prioritize`): its severity, hazard and
 * category, raised one level for every five supports and for every service-level deadline it missed. Triage, a moderator's correction and a change
 * of support all ask here. A report not yet categorised counts as `other`, the catalog's fallback.
 */
export function reportPriority(report: Pick<Report, "severity" | "category" | "hazard" | "support_count"> & { service_level_breaches?: number }) {
  return prioritize({
    severity: report.severity,
    category: (report.category ?? "other") as Category,
    hazard: report.hazard ?? false,
    supportCount: report.support_count,
    missedDeadlines: report.service_level_breaches ?? 0,
  });
}

export type RecomputeResult =
  | { changed: true; from: Priority; to: Priority }
  | { changed: false; priority: Priority | null; reason?: "report not found" | "not triaged yet" | "closed" };

/**
 * After a support or a withdrawal: the priority by the rule, and a public timeline entry when it
 * moved. Idempotent: a redelivered event finds the priority already right (nothing to do), and the
 * entry is keyed by the event's id. A report triage has not reached yet is left to triage, which
 * counts the supports itself; a closed report keeps the priority it closed with.
 */
export async function recomputePriority(db: DB, reportId: string, eventId: string): Promise<RecomputeResult> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select(["status", "severity", "category", "hazard", "support_count", "priority", "service_level_breaches"])
      .where("id", "=", reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) return { changed: false, priority: null, reason: "report not found" };
    if (report.priority === null) return { changed: false, priority: null, reason: "not triaged yet" };
    if (isClosed(report.status as Status)) return { changed: false, priority: report.priority, reason: "closed" };

    const { priority, reasons } = reportPriority(report);
    if (priority === report.priority) return { changed: false, priority };

    await trx.updateTable("reports").set({ priority, updated_at: new Date() }).where("id", "=", reportId).execute();
    await trx
      .insertInto("report_updates")
      .values({
        report_id: reportId,
        // Not a status change: the timeline shows no status for it.
        kind: "priority_changed",
        from_status: null,
        to_status: null,
        actor_role: "system",
        note: priorityNote(report.priority, priority, report.support_count),
        metadata: JSON.stringify({ priority: { from: report.priority, to: priority }, supportCount: report.support_count, reasons }),
        event_id: eventId,
      })
      .onConflict((oc) => oc.column("event_id").where("event_id", "is not", null).doNothing())
      .execute();
    return { changed: true, from: report.priority, to: priority };
  });
}

const RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

function priorityNote(from: Priority, to: Priority, supportCount: number): string {
  const residents = supportCount === 1 ? "1 resident supports it" : `${supportCount} residents support it`;
  return `Priority ${RANK[to] > RANK[from] ? "raised" : "lowered"} to ${to}: ${residents}.`;
}
