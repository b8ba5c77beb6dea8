import "server-only";
import type { Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import { maskPhone } from "../phone";
import type { Status } from "@/shared/report-catalog";
import { getReport } from "../reports/get-report";
import { findSimilarReports } from "../reports/similar-reports";
import { nextStatuses } from "../reports/status";

/**
 * A report as moderators see it: the reporter's page (timeline, background runs, classifier
 * details) plus who filed it (phone masked: moderators need to tell reporters apart, not call them),
 * the resolution note, what it duplicates, the statuses it may move to, how many support it, and
 * the open reports nearby that may be the same problem (possibleDuplicates; the report itself and
 * reports already marked duplicates are not among them).
 */
export async function getModerationReport(db: Executor, idOrRef: string, viewer: { id: string; role: Role }, opts: { similarRadiusMeters: number }) {
  const report = await getReport(db, idOrRef, viewer);
  const extra = await db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.reporter_id")
    .leftJoin("reports as d", "d.id", "r.duplicate_of")
    .select(["u.id as reporter_id", "u.phone", "u.name", "u.reputation", "r.resolution_note", "d.ref as duplicate_of_ref", "r.citizen_category", "r.model_version", "r.support_count"])
    .where("r.id", "=", report.id)
    .executeTakeFirstOrThrow();
  const similar = await findSimilarReports(db, {
    latitude: report.latitude,
    longitude: report.longitude,
    title: report.title,
    description: report.description,
    category: report.category,
    radiusMeters: opts.similarRadiusMeters,
    excludeId: report.id,
  });
  return {
    ...report,
    reporter: { id: extra.reporter_id, phone: maskPhone(extra.phone), name: extra.name, reputation: extra.reputation },
    resolutionNote: extra.resolution_note,
    duplicateOfRef: extra.duplicate_of_ref,
    modelVersion: extra.model_version,
    nextStatuses: nextStatuses(report.status as Status),
    supportCount: extra.support_count,
    possibleDuplicates: similar.map((s) => ({
      id: s.id,
      ref: s.ref,
      title: s.title,
      status: s.status,
      distanceMeters: s.distanceMeters,
      similarity: s.similarity,
      supportCount: s.supportCount,
      createdAt: s.createdAt,
    })),
  };
}
