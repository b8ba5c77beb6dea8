import "server-only";
import { z } from "zod";
import { POST_KINDS } from "./update-rules";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPORT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|CL-\d{4}-\d{6,})$/i;
/** C0 controls but tab and line breaks, and DEL: nothing a person types, often an attack (NUL is refused earlier, at the input edge). */
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The longest update: as long as a report's description. */
export const UPDATE_TEXT_MAX = 2000;

const reportId = z.string({ error: "reportId must be a report id or reference" }).trim().regex(REPORT, "reportId must be a report id or reference like CL-2026-000123");

/**
 * An update: a kind, and words (required for a note and a staff update; a "still there" or "fixed"
 * can be the button alone). Text is trimmed; blank is none.
 */
export const addUpdateInput = z
  .object({
    reportId,
    kind: z.enum(POST_KINDS, { error: `kind must be one of ${POST_KINDS.join(", ")}` }),
    text: z
      .string({ error: "text must be a string" })
      .max(UPDATE_TEXT_MAX * 2, `text must be at most ${UPDATE_TEXT_MAX} characters`)
      .trim()
      .max(UPDATE_TEXT_MAX, `text must be at most ${UPDATE_TEXT_MAX} characters`)
      .refine((t) => !CONTROL.test(t), "text must not contain control characters")
      .transform((t) => t || undefined)
      .optional(),
  })
  .refine((u) => !(u.kind === "note" || u.kind === "staff") || (u.text !== undefined && u.text.length >= 3), {
    message: "Write at least 3 characters for this update",
    path: ["text"],
  });
export type AddUpdateInput = z.infer<typeof addUpdateInput>;

export const listUpdatesInput = z.object({ reportId });

export const hideUpdateInput = z.object({
  updateId: z.string().trim().regex(UUID, "updateId must be an id"),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason of at least 3 characters")
    .max(500, "Keep the reason under 500 characters")
    .refine((t) => !CONTROL.test(t), "reason must not contain control characters"),
});
export type HideUpdateInput = z.infer<typeof hideUpdateInput>;
