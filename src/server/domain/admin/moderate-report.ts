import "server-only";
import { sql, type Updateable } from "kysely";
import type { DB, Tx } from "../../db/client";
import type { Report, ReportsTable, Role } from "../../db/schema";
import { enqueue } from "../../outbox/enqueue";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { CATEGORY_LABELS, STATUS_LABELS, type Category, type Status } from "@/shared/report-catalog";
import { findReport } from "../reports/report-queries";
import { mergeDuplicate } from "../reports/merge-duplicate";
import { reportPriority } from "../reports/priority";
import { assertTransition } from "../reports/status";
import type { ModerateInput } from "./admin.schemas";
import { ACTION_TARGET } from "@/shared/moderation-catalog";
import { said, type ServerMessage } from "../server-messages";

export interface Moderator {
  id: string;
  role: Role;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ModerationResult {
  reportId: string;
  ref: string;
  from: Status;
  to: Status;
  version: number;
  eventId: string | null;
}

/** The report changed since the moderator saw it: 409 naming `version`, with its status now. */
export const staleReport = (status: string) =>
  new AppError("CONFLICT", said("reportChanged", { status: status as Status }), {
    field: "version",
  });

/**
 * Writes a moderator's change to a report only at the version they saw, moving the version on;
 * if another moderator committed first (PostgreSQL re-checks the version after waiting on the row
 * lock) it refuses with the report's status now. Returns the new version.
 */
export async function updateReportAtVersion(trx: Tx, reportId: string, version: number, changes: Updateable<ReportsTable>): Promise<{ version: number }> {
  const updated = await trx
    .updateTable("reports")
    .set({ updated_at: new Date(), ...changes, version: sql<number>`version + 1` })
    .where("id", "=", reportId)
    .where("version", "=", version)
    .returning(["version"])
    .executeTakeFirst();
  if (updated) return updated;
  const current = await trx.selectFrom("reports").select("status").where("id", "=", reportId).executeTakeFirstOrThrow();
  throw staleReport(current.status);
}

/** Each action's own requirements, before anything is written. */
async function checkInput(trx: Tx, report: Report, input: ModerateInput): Promise<{ duplicateOf: Report | null }> {
  const need = (ok: unknown, field: string, message: ServerMessage) => {
    if (!ok) throw new AppError("INVALID_INPUT", message, { field });
  };
  if (input.action === "resolve") need(input.note, "note", said("resolveNeedsNote"));
  if (input.action === "reject") need(input.rejectReason, "rejectReason", said("rejectNeedsReason"));
  if (input.action === "recategorize") {
    need(input.category || input.severity, "category", said("recategorizeNeedsChoice"));
    const changed = (input.category ?? report.category) !== report.category || (input.severity ?? report.severity) !== report.severity;
    need(changed, "category", said("recategorizeUnchanged"));
  }
  if (input.action !== "duplicate") return { duplicateOf: null };
  need(input.duplicateOf, "duplicateOf", said("duplicateNeedsRef"));
  const original = await findReport(trx, input.duplicateOf!);
  need(original, "duplicateOf", said("duplicateNotFound", { ref: input.duplicateOf }));
  need(original!.id !== report.id, "duplicateOf", said("duplicateOfItself"));
  // Pointing at a report that is itself a duplicate would make chains the reporter cannot follow.
  need(original!.status !== "duplicate", "duplicateOf", said("duplicateOfDuplicate", { ref: original!.ref }));
  return { duplicateOf: original! };
}

/**
 * One moderation action, in one transaction: the report (status through assertTransition, or the
 * corrected category/severity), a public timeline entry, the audit row, and for status changes the
 * `report/status.changed` event in the outbox. Optimistic concurrency: the update only applies to the
 * version the moderator saw, so of two moderators acting on the same version exactly one wins.
 */
export async function moderateReport(db: DB, actor: Moderator, input: ModerateInput): Promise<ModerationResult> {
  return db.transaction().execute(async (trx) => {
    const report = await trx.selectFrom("reports").selectAll().where("id", "=", input.reportId).executeTakeFirst();
    if (!report) throw new AppError("NOT_FOUND", said("reportNotFound"), { field: "reportId" });
    if (report.version !== input.version) throw staleReport(report.status);

    const from = report.status as Status;
    const changesStatus = input.action !== "recategorize";
    const to: Status = changesStatus ? ACTION_TARGET[input.action as keyof typeof ACTION_TARGET] : from;
    if (changesStatus) assertTransition(from, to);
    const { duplicateOf } = await checkInput(trx, report, input);

    const now = new Date();
    const category = input.action === "recategorize" ? (input.category ?? report.category) : report.category;
    const severity = input.action === "recategorize" ? (input.severity ?? report.severity) : report.severity;
    // A correction moves the priority by the same rule as triage and support (domain/reports/priority.ts).
    const priority = input.action === "recategorize" ? reportPriority({ ...report, category, severity }).priority : report.priority;
    const updated = await updateReportAtVersion(trx, report.id, input.version, {
        updated_at: now,
        status: to,
        category,
        severity,
        priority,
        resolution_note: input.action === "resolve" ? input.note! : report.resolution_note,
        duplicate_of: duplicateOf?.id ?? report.duplicate_of,
    });

    // Supporters and followers move onto the original with the status change, or not at all.
    const merged = duplicateOf ? await mergeDuplicate(trx, report, duplicateOf, now) : null;

    const metadata = {
      action: input.action,
      ...(input.rejectReason ? { rejectReason: input.rejectReason } : {}),
      ...(duplicateOf ? { duplicateOf: duplicateOf.id, duplicateOfRef: duplicateOf.ref, originalSupportCount: merged!.originalSupportCount } : {}),
      ...(input.action === "recategorize"
        ? { category: { from: report.category, to: category }, severity: { from: report.severity, to: severity }, priority: { from: report.priority, to: priority } }
        : {}),
    };
    await trx
      .insertInto("report_updates")
      .values({
        report_id: report.id,
        kind: changesStatus ? "status_changed" : "category_changed",
        from_status: from,
        to_status: to,
        // Only the moderator's own words: the page says what changed (a correction's heading, a
        // duplicate's notice) in the reader's language from the entry and the report.
        note: input.note || null,
        actor_id: actor.id,
        actor_role: actor.role,
        metadata: JSON.stringify(metadata),
      })
      .execute();

    const eventId = changesStatus
      ? await enqueue(trx, "report/status.changed", {
          reportId: report.id,
          ref: report.ref,
          reporterId: report.reporter_id,
          from,
          to,
          action: input.action,
          actorId: actor.id,
          note: input.note || null,
          rejectReason: input.rejectReason ?? null,
          duplicateOf: duplicateOf?.id ?? null,
          at: now.toISOString(),
        })
      : null;

    // A new category may belong to another body: route-report routes the report again.
    if (input.action === "recategorize" && category !== report.category) {
      await enqueue(trx, "report/route.requested", { reportId: report.id, reason: "recategorized", actorId: actor.id, at: now.toISOString() });
    }

    await recordAudit(trx, {
      action: `report.${input.action}`,
      actorId: actor.id,
      resourceType: "report",
      resourceId: report.id,
      description: changesStatus ? `${report.ref}: ${STATUS_LABELS[from]} → ${STATUS_LABELS[to]}` : `${report.ref}: ${recategorizedNote(category, severity)}`,
      metadata: { ...metadata, ref: report.ref, from, to, note: input.note || null, version: updated.version, eventId },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { reportId: report.id, ref: report.ref, from, to, version: updated.version, eventId };
  });
}

function recategorizedNote(category: string | null, severity: string) {
  return `Corrected to ${category ? (CATEGORY_LABELS[category as Category] ?? category) : "uncategorised"}, ${severity} severity.`;
}
