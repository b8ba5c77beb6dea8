import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { deleteOriginal, markPhotoFailed, markPhotoReady, renderPhoto } from "@/server/domain/photos/process-photo";
import { UNREADABLE_PHOTO } from "@/server/domain/photos/photo-rules";
import { storage } from "@/server/storage/storage";
import { inngest } from "../client";
import { photoUploaded } from "../events";

/**
 * Turns an uploaded photo into its public images: render (display and thumbnail WebP, upright, no
 * metadata), publish (ready), then delete the quarantined original. A file that is not a photo is
 * marked failed, and no retry can change that. Decoding is heavy: two at a time.
 */
export const processPhoto = inngest.createFunction(
  { id: "process-photo", name: "Process photo", triggers: [photoUploaded], retries: 4, concurrency: { limit: 2 } },
  async ({ event, step }) => {
    const { photoId } = event.data;
    const rendered = await step.run("render", () => renderPhoto(backgroundDb(), storage(), photoId));
    if (rendered.outcome === "unreadable") {
      await step.run("mark-failed", () => markPhotoFailed(backgroundDb(), storage(), photoId));
      throw new NonRetriableError(UNREADABLE_PHOTO);
    }
    const published = rendered.outcome === "rendered" ? await step.run("mark-ready", () => markPhotoReady(backgroundDb(), storage(), photoId, rendered)) : { status: rendered.status };
    await step.run("delete-original", () => deleteOriginal(backgroundDb(), storage(), photoId));
    return { photoId, status: published.status };
  },
);
