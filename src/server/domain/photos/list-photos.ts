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

/** A report's photos, oldest first, as `audience` may see them. A hidden photo is never public, and has no URL for anyone. */
export async function listReportPhotos(db: Executor, reportId: string, audience: PhotoAudience): Promise<PhotoView[]> {
  let q = db
    .selectFrom("report_photos")
    .select(["id", "status", "display_key", "thumb_key", "width", "height"])
    .where("report_id", "=", reportId)
    .orderBy("created_at")
    .orderBy("id");
  if (audience === "public") q = q.where("status", "=", "ready");
  const rows = await q.execute();
  return rows.map((p) => {
    const ready = p.status === "ready" && p.display_key && p.thumb_key;
    return {
      id: p.id,
      status: p.status,
      url: ready ? publicUrl(p.display_key!) : null,
      thumbnailUrl: ready ? publicUrl(p.thumb_key!) : null,
      width: ready ? p.width : null,
      height: ready ? p.height : null,
    };
  });
}
