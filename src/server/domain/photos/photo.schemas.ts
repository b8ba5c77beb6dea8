import "server-only";
import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hidePhotoInput = z.object({
  photoId: z.string().trim().regex(UUID, "photoId must be an id"),
  reason: z.string().trim().min(3, "Give a reason of at least 3 characters").max(500, "Keep the reason under 500 characters"),
});
export type HidePhotoInput = z.infer<typeof hidePhotoInput>;
