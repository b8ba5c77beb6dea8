import "server-only";
import type { Executor } from "../../db/client";
import { AppError } from "../errors";
import { listUpdatePhotos } from "../photos/list-photos";
import { said } from "../server-messages";
import { visibleTo, type Viewer } from "../reports/get-report";
import type { Status } from "@/shared/report-catalog";
import { CITIZEN_KINDS, isStaff, pendingRequest, postRefusal } from "./update-rules";

/** The most updates one read returns (newest kept): a report's page, not an archive. */
export const UPDATES_SHOWN = 200;

/**
 * A report's updates, oldest first, for its page and the moderation panel: visible ones for
 * everyone, hidden ones (with who hid them and why) for staff only. Authors are shown by what they
 * are to the report (reporter, resident, staff) and whether it is the viewer, never by name or number.
 * Each carries its photos: ready ones for everyone, every state for its author and staff.
 * Staff also get the close or reopen request still waiting for them.
 */
export async function listUpdates(db: Executor, idOrRef: string, viewer: Viewer | null) {
  const byRef = idOrRef.toUpperCase().startsWith("CL-");
  const report = await db
    .selectFrom("reports")
    .select(["id", "status", "reporter_id"])
    .where(byRef ? "ref" : "id", "=", byRef ? idOrRef.toUpperCase() : idOrRef)
    .executeTakeFirst();
  if (!report || !visibleTo(report, viewer)) throw new AppError("NOT_FOUND", said("reportIdOrRefNotFound"), { field: "reportId" });
  const staff = !!viewer && isStaff(viewer.role);
  let q = db
    .selectFrom("report_posts")
    .select(["id", "kind", "author_id", "author_role", "text", "effect", "hidden_at", "hidden_reason", "created_at"])
    .where("report_id", "=", report.id)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(UPDATES_SHOWN);
  if (!staff) q = q.where("hidden_at", "is", null);
  const rows = (await q.execute()).reverse();
  const lastChange = staff
    ? await db.selectFrom("report_updates").select((eb) => eb.fn.max("created_at").as("at")).where("report_id", "=", report.id).where("kind", "=", "status_changed").executeTakeFirst()
    : undefined;
  const waiting = staff ? pendingRequest(rows, lastChange?.at ? new Date(lastChange.at) : null) : null;
  const target = { status: report.status as Status, reporter_id: report.reporter_id };
  const authors = new Map(rows.map((p) => [p.id, p.author_id]));
  const photos = await listUpdatePhotos(db, rows.map((p) => p.id), (id) => staff || (!!viewer && authors.get(id) === viewer.id));
  return {
    reportId: report.id,
    items: rows.map((p) => ({
      id: p.id,
      kind: p.kind,
      authorRole: p.author_role,
      byMe: !!viewer && p.author_id === viewer.id,
      text: p.text,
      effect: p.effect,
      createdAt: p.created_at,
      hidden: staff && p.hidden_at ? { at: p.hidden_at, reason: p.hidden_reason } : null,
      photos: photos.get(p.id) ?? [],
    })),
    pendingRequest: waiting ? { id: waiting.id, effect: waiting.effect! } : null,
    // What the viewer may post here now: citizens' kinds or a staff update; nothing signed out or where no update is taken.
    kinds: !viewer ? [] : staff ? (postRefusal(target, viewer, "staff") ? [] : (["staff"] as const)) : postRefusal(target, viewer, "note") ? [] : CITIZEN_KINDS,
  };
}
