import "server-only";
import type { Executor } from "../../db/client";

/** Every body, default first then by name: for the dashboard's list, map and the queue's filter. */
export async function listBodies(db: Executor) {
  const rows = await db
    .selectFrom("bodies")
    .select(["id", "slug", "name", "is_default", "categories", "boundary", "area_m2", "updated_at"])
    .orderBy("is_default", "desc")
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, isDefault: r.is_default, categories: r.categories, boundary: r.boundary, areaM2: r.area_m2, updatedAt: r.updated_at }));
}
