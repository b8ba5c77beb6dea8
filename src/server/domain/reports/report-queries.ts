import "server-only";
import type { Executor } from "../../db/client";
import type { Report } from "../../db/schema";
import { decodeCursor, page } from "../pagination";
import type { Bbox } from "./map-grid";
import { insideBox, publicFilter, type PublicFilter } from "./public-filters";

/** What anyone may see of a report: never who filed it. */
const PUBLIC_COLUMNS = [
  "id",
  "ref",
  "title",
  "description",
  "category",
  "severity",
  "priority",
  "status",
  "latitude",
  "longitude",
  "address",
  "created_at",
  "updated_at",
] as const;

export interface FeedFilter extends PublicFilter {
  bbox?: Bbox;
  cursor?: string;
  limit: number;
}

/** A close view's box: small enough for its circle to narrow the feed by the GiST index on ll_to_earth. */
const FEED_CIRCLE_METERS = 3_000;

/**
 * The public feed, newest first, keyset-paginated over (created_at, id); filtered by status,
 * category, words in the title (literal, over the title's trigram index) and area. Rejected
 * reports (spam, abuse) are never public.
 */
export async function listFeed(db: Executor, f: FeedFilter) {
  const cursor = decodeCursor(f.cursor);
  let q = db
    .selectFrom("reports")
    .select([...PUBLIC_COLUMNS, "support_count"])
    .where(publicFilter(f))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit + 1);
  if (f.bbox) q = q.where(insideBox(f.bbox, FEED_CIRCLE_METERS));
  if (cursor) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.at, cursor.id)));
  const { items, nextCursor } = page(await q.execute(), f.limit);
  return {
    items: items.map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      description: r.description,
      category: r.category,
      severity: r.severity,
      priority: r.priority,
      status: r.status,
      latitude: r.latitude,
      longitude: r.longitude,
      address: r.address,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      supportCount: r.support_count,
    })),
    nextCursor,
  };
}

export async function listReportsByReporter(db: Executor, reporterId: string, opts: { cursor?: string; limit: number }) {
  const cursor = decodeCursor(opts.cursor);
  let q = db
    .selectFrom("reports")
    .select([...PUBLIC_COLUMNS, "classification", "classification_confidence"])
    .where("reporter_id", "=", reporterId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit + 1);
  if (cursor) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.at, cursor.id)));
  return page(await q.execute(), opts.limit);
}

export async function findReport(db: Executor, idOrRef: string): Promise<Report | undefined> {
  const byRef = idOrRef.toUpperCase().startsWith("CL-");
  return db
    .selectFrom("reports")
    .selectAll()
    .where(byRef ? "ref" : "id", "=", byRef ? idOrRef.toUpperCase() : idOrRef)
    .executeTakeFirst();
}

export async function getTimeline(db: Executor, reportId: string) {
  return db
    .selectFrom("report_updates")
    .select(["id", "kind", "from_status", "to_status", "note", "actor_role", "metadata", "created_at"])
    .where("report_id", "=", reportId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}
