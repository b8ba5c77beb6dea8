import "server-only";
import { z } from "zod";
import { MAX_DASHBOARD_BOUNDARY_CHARS } from "@/shared/bodies";
import { CATEGORIES } from "@/shared/report-catalog";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (field: string) => z.string().trim().regex(UUID, `${field} must be an id`);


export const bodySlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/, "slug must be 1 to 60 lowercase letters, digits and hyphens");
export const bodyName = z.string().trim().min(2, "name must be at least 2 characters").max(120, "name must be at most 120 characters");
export const bodyCategories = z
  .array(z.enum(CATEGORIES, { error: `categories must be among ${CATEGORIES.join(", ")}` }))
  .min(1, "choose at least one category")
  .max(CATEGORIES.length, "categories lists a category twice")
  .refine((c) => new Set(c).size === c.length, "categories lists a category twice");

export const saveBodyInput = z.object({
  slug: bodySlug,
  name: bodyName,
  categories: bodyCategories,
  isDefault: z.boolean().default(false),
  /** GeoJSON text (a Polygon, MultiPolygon, or a Feature of one); null only for a default body. */
  boundary: z.string().max(MAX_DASHBOARD_BOUNDARY_CHARS, `boundary must be at most ${MAX_DASHBOARD_BOUNDARY_CHARS} characters here; import bigger files with npm run bodies:import`).nullable(),
});
export type SaveBodyInput = z.infer<typeof saveBodyInput>;

export const moderatorBodiesInput = z.object({ userId: uuid("userId") });
export const setModeratorBodiesInput = z.object({
  userId: uuid("userId"),
  bodyIds: z.array(uuid("bodyIds")).max(200, "at most 200 bodies").refine((ids) => new Set(ids).size === ids.length, "bodyIds lists a body twice"),
});
export type SetModeratorBodiesInput = z.infer<typeof setModeratorBodiesInput>;
