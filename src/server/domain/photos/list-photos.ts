import "server-only";
import type { Executor } from "../../db/client";
import type { PhotoStatus } from "../../db/schema";
import { publicUrl } from "../../storage/object-store";

export interface PhotoView {
  id: string;
  status: PhotoStatus;
  /** The display image's URL, only once ready. */
  url: string | null;
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
}

/** Who is looking: everyone sees ready photos; the reporter and staff also see the rest (processing, failed, hidden), without URLs. */
export type PhotoAudience = "public" | "reporter" | "staff";

const COLUMNS = ["id", "status", "display_key", "thumb_key", "width", "height"] as const;

function toView(p: { id: string; status: PhotoStatus; display_key: string | null; thumb_key: string | null; width: number | null; height: number | null }): PhotoView {
  const ready = p.status === "ready" && p.display_key && p.thumb_key;
  return {
    id: p.id,
    status: p.status,
    url: ready ? publicUrl(p.display_key!) : null,
    thumbnailUrl: ready ? publicUrl(p.thumb_key!) : null,
    width: ready ? p.width : null,
    height: ready ? p.height : null,
  };
}

/**
 * A report's own photos (not its updates'), oldest first, as `audience` may see them. A hidden
 * photo is never public, and has no URL for anyone.
 */
export async function listReportPhotos(db: Executor, reportId: string, audience: PhotoAudience): Promise<PhotoView[]> {
  let q = db.selectFrom("report_photos").select(COLUMNS).where("report_id", "=", reportId).where("post_id", "is", null).orderBy("created_at").orderBy("id");
  if (audience === "public") q = q.where("status", "=", "ready");
  return (await q.execute()).map(toView);
}

/**
 * The photos of some updates (ADR 0023), each update's oldest first: ready ones for everyone, the
 * rest too (processing, failed, hidden; without URLs) where `seesAll(updateId)` (its author, staff).
 */
export async function listUpdatePhotos(db: Executor, updateIds: string[], seesAll: (updateId: string) => boolean): Promise<Map<string, PhotoView[]>> {
  const byUpdate = new Map<string, PhotoView[]>();
  if (updateIds.length === 0) return byUpdate;
  const rows = await db.selectFrom("report_photos").select([...COLUMNS, "post_id"]).where("post_id", "in", updateIds).orderBy("created_at").orderBy("id").execute();
  for (const { post_id, ...p } of rows) {
    if (p.status !== "ready" && !seesAll(post_id!)) continue;
    byUpdate.set(post_id!, [...(byUpdate.get(post_id!) ?? []), toView(p)]);
  }
  return byUpdate;
}
