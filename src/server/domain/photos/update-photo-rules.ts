import "server-only";
import { AppError } from "../errors";
import { MAX_PHOTOS_PER_UPDATE, PHOTO_FIELD, UPDATE_PHOTOS_WINDOW_MINUTES } from "./photo-rules";

export interface UpdateOfPhoto {
  id: string;
  report_id: string;
  author_id: string;
  hidden_at: Date | null;
  created_at: Date;
}

/**
 * Who may add a photo to an update (ADR 0023), or null when `userId` may: its author, on the report
 * it was posted on, while it is shown (a hidden update takes no more), while the report still takes
 * updates (not rejected, not a duplicate; a closed report does: a "still there" photo matters most
 * there), in the hour after posting (followers were told of the update; it does not grow for ever),
 * up to three photos. Pure: the caller reads the rows, under lock when accepting.
 */
export function updatePhotoRefusal(
  report: { id: string; reporter_id: string; status: string } | undefined,
  post: UpdateOfPhoto | undefined,
  userId: string,
  count: number,
  now: Date,
): AppError | null {
  if (!report || (report.status === "rejected" && report.reporter_id !== userId)) return new AppError("NOT_FOUND", "No report with that id.", { field: "reportId" });
  if (!post || post.report_id !== report.id) return new AppError("NOT_FOUND", "No update with that id on this report.", { field: "updateId" });
  if (post.author_id !== userId) return new AppError("FORBIDDEN", "Only the person who posted this update can add photos to it.", { field: "updateId" });
  if (post.hidden_at) return new AppError("CONFLICT", "A moderator hid this update; photos can no longer be added to it.", { field: "updateId" });
  if (report.status === "rejected" || report.status === "duplicate") return new AppError("CONFLICT", "This report no longer takes updates or their photos.", { field: "reportId" });
  if (now.getTime() - new Date(post.created_at).getTime() > UPDATE_PHOTOS_WINDOW_MINUTES * 60_000) {
    return new AppError("CONFLICT", `Photos can be added to an update only in the ${UPDATE_PHOTOS_WINDOW_MINUTES} minutes after posting it.`, { field: "updateId" });
  }
  if (count >= MAX_PHOTOS_PER_UPDATE) {
    return new AppError("CONFLICT", `This update already has ${MAX_PHOTOS_PER_UPDATE} photos, the most one update can carry.`, { field: PHOTO_FIELD });
  }
  return null;
}
