import "server-only";
import type { DB } from "../../db/client";
import type { Priority } from "../../db/schema";
import { CATEGORY_LABELS, type Category, type Status } from "@/shared/report-catalog";
import { canTransition } from "./status";
import { routeReportIn } from "../bodies/route-report";

export interface TriageResult {
  classification: Category;
  confidence: number;
  hazard: boolean;
  priority: Priority;
  modelVersion: string;
  reasons: string[];
}

/**
 * Writes the classifier's verdict: the category (unless the citizen chose one, which is kept, noting
 * whether the classifier agreed), the priority, and moves a submitted report to under_review with a
 * timeline entry. Idempotent: the entry is keyed by the event id, and a report triaged before is left alone.
 */
export async function applyTriage(db: DB, reportId: string, result: TriageResult, eventId: string) {
  return db.transaction().execute(async (trx) => {
    const report = await trx.selectFrom("reports").select(["status", "citizen_category", "triaged_at"]).where("id", "=", reportId).forUpdate().executeTakeFirst();
    if (!report) return { applied: false, reason: "report not found" } as const;
    if (report.triaged_at) return { applied: false, reason: "already triaged" } as const;

    const from = report.status as Status;
    // A moderator may already have acted on the report; triage then only adds its findings.
    const to: Status = canTransition(from, "under_review") ? "under_review" : from;
    const category = (report.citizen_category as Category | null) ?? result.classification;
    const agreed = report.citizen_category ? report.citizen_category === result.classification : null;
    await trx
      .updateTable("reports")
      .set((eb) => ({
        category,
        priority: result.priority,
        classification: result.classification,
        classification_confidence: result.confidence,
        classifier_agreed: agreed,
        hazard: result.hazard,
        model_version: result.modelVersion,
        triaged_at: new Date(),
        status: to,
        version: eb("version", "+", 1),
        updated_at: new Date(),
      }))
      .where("id", "=", reportId)
      .execute();
    await trx
      .insertInto("report_updates")
      .values({
        report_id: reportId,
        kind: "triaged",
        from_status: from,
        to_status: to,
        actor_role: "system",
        // Citizens read this note on the report page: the label, never the category id.
        note: `Sorted as ${CATEGORY_LABELS[category]}, priority ${result.priority}.`,
        // category and priority as changes, so the page says this note in the reader's language (timelineNote in src/lib/labels.ts).
        metadata: JSON.stringify({
          classification: result.classification,
          confidence: result.confidence,
          agreed,
          hazard: result.hazard,
          reasons: result.reasons,
          category: { from: null, to: category },
          priority: { from: null, to: result.priority },
        }),
        event_id: eventId,
      })
      // The unique index on event_id is partial (entries without an event have none).
      .onConflict((oc) => oc.column("event_id").where("event_id", "is not", null).doNothing())
      .execute();
    // Triage sets the category routing needs: the report is routed in the same transaction, so
    // whichever of triage and route-report commits last routes by the final category.
    await routeReportIn(trx, reportId, { eventId, reason: "triaged" });
    return { applied: true, category, status: to, agreed } as const;
  });
}
