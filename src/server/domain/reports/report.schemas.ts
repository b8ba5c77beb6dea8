import "server-only";
import { z } from "zod";
import { CATEGORIES, SEVERITIES, STATUSES } from "@/shared/report-catalog";

const text = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(min, `${field} must be at least ${min} characters`)
    .max(max, `${field} must be at most ${max} characters`);

export const submitReportInput = z.object({
  title: text("Title", 5, 120),
  description: text("Description", 10, 2000),
  latitude: z.number({ error: "Latitude must be a number" }).min(-90, "Latitude must be between -90 and 90").max(90, "Latitude must be between -90 and 90"),
  longitude: z
    .number({ error: "Longitude must be a number" })
    .min(-180, "Longitude must be between -180 and 180")
    .max(180, "Longitude must be between -180 and 180"),
  severity: z.enum(SEVERITIES, { error: `Severity must be one of ${SEVERITIES.join(", ")}` }),
  category: z.enum(CATEGORIES, { error: `Category must be one of ${CATEGORIES.join(", ")}` }).optional(),
  address: z.string().trim().max(300, "Address must be at most 300 characters").optional(),
  /**
   * The form's key for this report, the same on every attempt to send it: an attempt sent again
   * after its answer was lost returns the report already filed (submitReport).
   */
  submissionKey: z.uuid({ error: "Submission key must be a UUID" }).optional(),
});
export type SubmitReportInput = z.infer<typeof submitReportInput>;

const limit = z.number().int().min(1, "limit must be at least 1").max(50, "limit must be at most 50").default(20);
const cursor = z.string().max(200, "cursor is not valid").optional();

export const listMineInput = z.object({ cursor, limit }).default({ limit: 20 });

/** south,west,north,east in degrees. */
export const bboxInput = z
  .object({
    south: z.number().min(-90).max(90),
    west: z.number().min(-180).max(180),
    north: z.number().min(-90).max(90),
    east: z.number().min(-180).max(180),
  })
  .refine((b) => b.south <= b.north, { message: "bbox south must not be above north", path: ["south"] });

export const listPublicInput = z
  .object({
    status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(", ")}` }).optional(),
    category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(", ")}` }).optional(),
    bbox: bboxInput.optional(),
    cursor,
    limit,
  })
  .default({ limit: 20 });

export const reportIdInput = z.object({
  id: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|CL-\d{4}-\d{6,})$/i, "id must be a report id or reference like CL-2026-000123"),
});
