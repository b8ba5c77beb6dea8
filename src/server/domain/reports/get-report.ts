import "server-only";
import type { Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import { AppError } from "../errors";
import { listReportPhotos } from "../photos/list-photos";
import { maskText, seesContactData } from "../privacy/mask-contact";
import { listRunsForSubject } from "../task-runs";
import { findReport, getTimeline } from "./report-queries";
import { isClosed } from "./status";
import { supportRefusal } from "./support";
import type { Status } from "@/shared/report-catalog";
import { said } from "../server-messages";
import { serviceLevelOf } from "../service-levels/report-service-level";
import type { ServiceLevelStage } from "@/shared/service-level-catalog";

export interface Viewer {
  id: string;
  role: Role;
}

/** Whether `viewer` may see the report at all: rejected reports only its reporter and staff (the live stream asks too). */
export function visibleTo(report: { status: string; reporter_id: string }, viewer: Viewer | null): boolean {
  if (report.status !== "rejected") return true;
  return !!viewer && (report.reporter_id === viewer.id || viewer.role === "moderator" || viewer.role === "admin");
}

/**
 * A report page: public fields and timeline for everyone; the background work done for it and the
 * classifier's details for its reporter and for moderators. Rejected reports only for those two.
 */
export async function getReport(db: Executor, idOrRef: string, viewer: Viewer | null) {
  const report = await findReport(db, idOrRef);
  const isOwner = !!viewer && report?.reporter_id === viewer.id;
  const isStaff = !!viewer && (viewer.role === "moderator" || viewer.role === "admin");
  if (!report || !visibleTo(report, viewer)) {
    throw new AppError("NOT_FOUND", said("reportRefNotFound"), { field: "id" });
  }
  const [timeline, runs, mine, duplicateOf, photos, body, channel] = await Promise.all([
    getTimeline(db, report.id),
    isOwner || isStaff ? listRunsForSubject(db, report.id) : Promise.resolve(null),
    viewer ? viewerRelation(db, report.id, viewer.id) : Promise.resolve({ supported: false, following: false }),
    report.duplicate_of ? db.selectFrom("reports").select(["ref", "title"]).where("id", "=", report.duplicate_of).executeTakeFirst() : Promise.resolve(undefined),
    listReportPhotos(db, report.id, isStaff ? "staff" : isOwner ? "reporter" : "public"),
    report.body_id ? db.selectFrom("bodies").select(["id", "name"]).where("id", "=", report.body_id).executeTakeFirst() : Promise.resolve(undefined),
    report.open311_key_id ? db.selectFrom("open311_keys").select("name").where("id", "=", report.open311_key_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const timelineEntries = timeline.map((t) => ({
    id: t.id,
    kind: t.kind,
    fromStatus: t.from_status,
    toStatus: t.to_status,
    note: t.note,
    actorRole: t.actor_role,
    change: timelineChange(t.metadata),
    createdAt: t.created_at,
  }));
  return {
    id: report.id,
    ref: report.ref,
    title: report.title,
    description: report.description,
    category: report.category,
    citizenCategory: report.citizen_category,
    severity: report.severity,
    priority: report.priority,
    status: report.status,
    latitude: report.latitude,
    longitude: report.longitude,
    address: report.address,
    createdAt: report.created_at,
    updatedAt: report.updated_at,
    version: report.version,
    isOwner,
    viewerIsStaff: isStaff,
    supportCount: report.support_count,
    supportedByMe: mine.supported,
    // The reporter follows their own report without a row, unless they unfollowed it.
    followedByMe: isOwner ? !report.reporter_unfollowed : mine.following,
    // Whether the viewer may support (or follow) this report at all; the page offers the withdrawal when supportedByMe (followedByMe).
    canSupport: !!viewer && supportRefusal(report, viewer.id) === null,
    canFollow: !!viewer && !isClosed(report.status as Status),
    duplicateOf: duplicateOf ? { ref: duplicateOf.ref, title: duplicateOf.title } : null,
    // The body the report was routed to (ADR 0022); null until route-report has run.
    body: body ? { id: body.id, name: body.name } : null,
    // Ready photos for everyone; the reporter and staff also see those processing, failed or hidden (never with a URL).
    photos,
    // The Open311 client it was filed through (ADR 0021); null for the web form.
    filedThrough: channel?.name ?? null,
    // Whether the viewer may add photos now: the reporter, until the report is closed (upload-photo.ts).
    canAddPhotos: isOwner && !isClosed(report.status as Status),
    triage:
      isOwner || isStaff
        ? {
            classification: report.classification,
            confidence: report.classification_confidence,
            agreed: report.classifier_agreed,
            hazard: report.hazard,
            triagedAt: report.triaged_at,
          }
        : null,
    timeline: timelineEntries,
    runs: runs?.map((r) => ({
      functionId: r.function_id,
      status: r.status,
      attempt: r.attempt,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.duration_ms,
      // A delivery error can quote the reporter's address: masked for moderators, like the task monitor.
      error: isStaff ? (r.error && !seesContactData(viewer) ? maskText(r.error) : r.error) : r.error ? "failed; the team has been told" : null,
      runId: r.run_id,
    })) ?? null,
    // Service levels (issue 18): the deadlines set at filing and whether each was met (null: not decided yet, or none).
    ...serviceLevelOf(report, timelineEntries),
  };
}

/** Whether the viewer supports and follows the report: two primary-key probes in one statement. */
async function viewerRelation(db: Executor, reportId: string, userId: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom("report_supports").select("report_id").where("report_id", "=", reportId).where("user_id", "=", userId)).as("supported"),
      eb.exists(eb.selectFrom("report_follows").select("report_id").where("report_id", "=", reportId).where("user_id", "=", userId)).as("following"),
    ])
    .executeTakeFirstOrThrow();
  return { supported: Boolean(row.supported), following: Boolean(row.following) };
}

type Change = { from: string | null; to: string | null };
const isChange = (x: unknown): x is Change => typeof x === "object" && x !== null && "to" in x;

/**
 * What triage, a correction or a priority update changed (category, severity, priority, from and
 * to, and a priority update's support count), so the page can say "Category changed from Roads to
 * Garbage" in the reader's language; nothing else from the entry's metadata (classifier reasons,
 * merge counts) is public.
 */
function timelineChange(metadata: unknown): { category?: Change; severity?: Change; priority?: Change; body?: Change; supportCount?: number; missedStage?: ServiceLevelStage } | null {
  const m = metadata as Record<string, unknown> | null;
  if (!m || typeof m !== "object") return null;
  const pick = (k: string) => (isChange(m[k]) ? { from: (m[k] as Change).from ?? null, to: (m[k] as Change).to ?? null } : undefined);
  // A change of body: the bodies' names (public, as the report's body is), said by the page in the reader's language.
  const body = pick("body");
  if (body) return { body };
  const change = { category: pick("category"), severity: pick("severity"), priority: pick("priority") };
  if (!(change.category || change.severity || change.priority)) return null;
  // A missed service-level deadline names its stage (domain/service-levels/track.ts).
  const missed = (m.serviceLevel as { stage?: unknown } | undefined)?.stage;
  if (missed === "acknowledge" || missed === "resolve") return { ...change, missedStage: missed };
  // A priority update names how many residents supported the report then (public, as the count is).
  return typeof m.supportCount === "number" ? { ...change, supportCount: m.supportCount } : change;
}
