import "server-only";
import { z } from "zod";
import { schemaMessage, type ServerMessageKey } from "../server-messages";
import { CATEGORIES, SEVERITIES, STATUSES, type Status } from "@/shared/report-catalog";

/** A report's text: required, trimmed, between its bounds; said in the words a form shows next to it. */
const text = (min: number, max: number, messages: { required: ServerMessageKey; short: ServerMessageKey; long: ServerMessageKey }) =>
  z
    .string({ error: schemaMessage(messages.required) })
    .trim()
    .min(min, schemaMessage(messages.short))
    .max(max, schemaMessage(messages.long));

/** No number at all (left out, or NaN from an empty input) is a missing location, said as what to do; another type is a wrong one. */
const coordinate = (notNumber: ServerMessageKey) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null || (typeof issue.input === "number" && Number.isNaN(issue.input))
    ? schemaMessage("locationMissing")
    : schemaMessage(notNumber);

export const submitReportInput = z.object({
  title: text(5, 120, { required: "titleRequired", short: "titleShort", long: "titleLong" }),
  description: text(10, 2000, { required: "descriptionRequired", short: "descriptionShort", long: "descriptionLong" }),
  latitude: z.number({ error: coordinate("latitudeNotNumber") }).min(-90, schemaMessage("latitudeRange")).max(90, schemaMessage("latitudeRange")),
  longitude: z
    .number({ error: coordinate("longitudeNotNumber") })
    .min(-180, schemaMessage("longitudeRange"))
    .max(180, schemaMessage("longitudeRange")),
  severity: z.enum(SEVERITIES, { error: schemaMessage("severityInvalid") }),
  category: z.enum(CATEGORIES, { error: `Category must be one of ${CATEGORIES.join(", ")}` }).optional(),
  address: z.string().trim().max(300, schemaMessage("addressLong")).optional(),
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

/**
 * Degrees rounded to about a centimetre: finer adds nothing, and a vanishingly small number (5e-324)
 * would underflow PostgreSQL's float8 input and trigonometry.
 */
export const degrees = (v: number) => Math.round(v * 1e7) / 1e7;
const latitude = (field: string) =>
  z.number({ error: `${field} must be a number` }).min(-90, `${field} must be between -90 and 90`).max(90, `${field} must be between -90 and 90`).transform(degrees);
const longitude = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(-180, `${field} must be between -180 and 180`)
    .max(180, `${field} must be between -180 and 180`)
    .transform(degrees);

/** An area in degrees. A box whose west edge is east of its east edge crosses the antimeridian and wraps. */
export const bboxInput = z
  .object({ west: longitude("west"), south: latitude("south"), east: longitude("east"), north: latitude("north") }, { error: "bbox must be { west, south, east, north }" })
  .refine((b) => b.south <= b.north, { message: "south must not be above north", path: ["south"] });

/** Statuses anyone may filter by: rejected reports are never public. */
const PUBLIC_STATUSES = STATUSES.filter((s) => s !== "rejected") as [Exclude<Status, "rejected">, ...Exclude<Status, "rejected">[]];
const publicStatus = z.enum(PUBLIC_STATUSES, { error: `status must be one of ${PUBLIC_STATUSES.join(", ")}` }).optional();
const category = z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(", ")}` }).optional();

/**
 * Words to find in titles, matched literally (no wildcards or patterns). Blank is no filter; one or
 * two letters are refused, as they match nearly everything and no index can narrow them.
 */
const searchText = z
  .string({ error: "text must be a string" })
  .max(100, "text must be at most 100 characters")
  .trim()
  .refine((t) => t.length === 0 || t.length >= 3, "text must be at least 3 characters")
  .transform((t) => t || undefined)
  .optional();

export const mapInput = z.object({
  bbox: bboxInput,
  zoom: z.number({ error: "zoom must be a number" }).int("zoom must be a whole number").min(0, "zoom must be between 0 and 20").max(20, "zoom must be between 0 and 20"),
  status: publicStatus,
  category,
  text: searchText,
});
export type MapInput = z.infer<typeof mapInput>;

export const feedInput = z
  .object({ status: publicStatus, category, text: searchText, bbox: bboxInput.optional(), cursor, limit })
  .default({ limit: 20 });
export type FeedInput = z.infer<typeof feedInput>;

/** The largest radius reports.similar searches (SIMILAR_RADIUS_METERS may not exceed it either). */
export const SIMILAR_RADIUS_MAX_METERS = 1000;

export const similarInput = z.object({
  latitude: latitude("latitude"),
  longitude: longitude("longitude"),
  // What the form holds so far: possibly nothing yet (the suggestions start with the location).
  title: z.string({ error: "title must be a string" }).max(120, "title must be at most 120 characters").trim(),
  description: z.string({ error: "description must be a string" }).max(2000, "description must be at most 2000 characters").trim().optional(),
  category,
  radiusMeters: z
    .number({ error: "radiusMeters must be a number" })
    .min(1, "radiusMeters must be at least 1")
    .max(SIMILAR_RADIUS_MAX_METERS, `radiusMeters must be at most ${SIMILAR_RADIUS_MAX_METERS}`)
    .optional(),
});
export type SimilarInput = z.infer<typeof similarInput>;

export const reportIdInput = z.object({
  id: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|CL-\d{4}-\d{6,})$/i, "id must be a report id or reference like CL-2026-000123"),
});
