import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { RoutingCandidate } from "./routing";

/**
 * The bodies that may hold a point for a category: the bounding-box prefilter on the indexed
 * columns (bodies_bbox_idx) and the category, in SQL; the exact test is the domain's (routing.ts).
 */
export async function findRoutingCandidates(db: Executor, point: { latitude: number; longitude: number }, category: string | null): Promise<RoutingCandidate[]> {
  if (!category) return [];
  const rows = await db
    .selectFrom("bodies")
    .select(["id", "name", "categories", "boundary", "area_m2"])
    .where("boundary", "is not", null)
    .where("min_lat", "<=", point.latitude)
    .where("max_lat", ">=", point.latitude)
    .where("min_lon", "<=", point.longitude)
    .where("max_lon", ">=", point.longitude)
    .where(sql<boolean>`${category} = any(categories)`)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, categories: r.categories, boundary: r.boundary, areaM2: r.area_m2 }));
}

export async function findDefaultBody(db: Executor) {
  return db.selectFrom("bodies").select(["id", "name"]).where("is_default", "=", true).executeTakeFirst();
}

/** The bodies a moderator is limited to; empty means every body (an unlimited moderator). */
export async function moderatorBodyIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("moderator_bodies").select("body_id").where("user_id", "=", userId).execute();
  return rows.map((r) => r.body_id);
}
