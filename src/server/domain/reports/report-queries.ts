import "server-only";
import type { Executor } from "../../db/client";
import type { Report } from "../../db/schema";
import { decodeCursor, page } from "../pagination";
import type { Category, Status } from "@/shared/report-catalog";

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

export interface ListPublicFilter {
  status?: Status;
  category?: Category;
  bbox?: { south: number; west: number; north: number; east: number };
  cursor?: string;
  limit: number;
}

/** The public feed, newest first, keyset-paginated. Rejected reports (spam, abuse) are not public. */
export async function listPublicReports(db: Executor, f: ListPublicFilter) {
  const cursor = decodeCursor(f.cursor);
  let q = db.selectFrom("reports").select(PUBLIC_COLUMNS).orderBy("created_at", "desc").orderBy("id", "desc").limit(f.limit + 1);
  q = f.status ? q.where("status", "=", f.status) : q.where("status", "!=", "rejected");
  if (f.category) q = q.where("category", "=", f.category);
  if (f.bbox) {
    const { south, west, north, east } = f.bbox;
    q = q.where("latitude", ">=", south).where("latitude", "<=", north);
    // A box across the antimeridian (west > east) wraps around.
    q = west <= east ? q.where("longitude", ">=", west).where("longitude", "<=", east) : q.where((eb) => eb.or([eb("longitude", ">=", west), eb("longitude", "<=", east)]));
  }
  if (cursor) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.at, cursor.id)));
  return page(await q.execute(), f.limit);
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
