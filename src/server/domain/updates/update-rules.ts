import "server-only";
import type { PostAuthorRole, PostEffect, PostKind, Role } from "../../db/schema";
import type { Status } from "@/shared/report-catalog";
import { said, type ServerMessage } from "../server-messages";

/** What a citizen may post; staff post `staff` updates (the city's own word). */
export const CITIZEN_KINDS = ["note", "still_there", "fixed"] as const satisfies readonly PostKind[];
export const POST_KINDS = ["note", "still_there", "fixed", "staff"] as const satisfies readonly PostKind[];

/** Updates a citizen may post per window (each costs a message to every follower). */
export interface UpdateLimit {
  perUser: number;
  windowSeconds: number;
}
export const UPDATE_LIMIT: UpdateLimit = { perUser: 10, windowSeconds: 600 };

export interface Poster {
  id: string;
  role: Role;
}

export interface Target {
  status: Status;
  reporter_id: string;
}

export const isStaff = (role: Role) => role === "moderator" || role === "admin";

/** How the update's author is shown: never by name or number, by what they are to the report. */
export function authorRoleOf(report: Target, poster: Poster): PostAuthorRole {
  if (isStaff(poster.role)) return "staff";
  return poster.id === report.reporter_id ? "reporter" : "citizen";
}

/**
 * Why `poster` may not post `kind` on `report`, or null when they may. Rejected reports are not
 * public and duplicates live on in the report they duplicate, so neither takes updates; a closed
 * resolved report still does (that is where "still there" and a reporter's confirmation matter).
 * Staff speak as staff; citizens do not.
 */
export function postRefusal(report: Target, poster: Poster, kind: PostKind): { code: "CONFLICT" | "FORBIDDEN"; field: "reportId" | "kind"; message: ServerMessage } | null {
  if (report.status === "rejected") return { code: "CONFLICT", field: "reportId", message: said("updateOnRejected") };
  if (report.status === "duplicate") return { code: "CONFLICT", field: "reportId", message: said("updateOnDuplicate") };
  if (isStaff(poster.role) && kind !== "staff") return { code: "FORBIDDEN", field: "kind", message: said("staffPostStaffUpdates") };
  if (!isStaff(poster.role) && kind === "staff") return { code: "FORBIDDEN", field: "kind", message: said("onlyStaffPostStaffUpdates") };
  return null;
}

/**
 * What an update asks of moderators, decided as it is posted:
 * - "fixed" from the reporter on a resolved report confirms the resolution;
 * - "fixed" from any citizen on an open report asks moderators to close it (a neighbour's word is
 *   worth a look too; moderators decide);
 * - "still there" from any citizen on a resolved report asks them to reopen it (a resolved report
 *   cannot move again, so a moderator answers it: a new report, or a staff update);
 * - anything else is a note on the record.
 */
export function effectOf(report: Target, poster: Poster, kind: PostKind): PostEffect | null {
  if (isStaff(poster.role)) return null;
  const resolved = report.status === "resolved";
  if (kind === "fixed") {
    if (resolved) return poster.id === report.reporter_id ? "confirms_resolution" : null;
    return "close_request";
  }
  if (kind === "still_there" && resolved) return "reopen_request";
  return null;
}

/**
 * The request still waiting for a moderator: the newest visible close or reopen request with no
 * status change and no staff update after it (a resolved report cannot move again, so a staff update
 * is how a reopen request is answered). `posts` in posting order.
 */
export function pendingRequest<T extends { kind: PostKind; effect: PostEffect | null; created_at: Date; hidden_at: Date | null }>(posts: readonly T[], lastStatusChange: Date | null): T | null {
  let waiting: T | null = null;
  for (const p of posts) {
    if (p.hidden_at) continue;
    if (p.kind === "staff") waiting = null;
    else if ((p.effect === "close_request" || p.effect === "reopen_request") && (!lastStatusChange || p.created_at > lastStatusChange)) waiting = p;
  }
  return waiting;
}
