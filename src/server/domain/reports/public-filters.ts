import "server-only";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Category, Status } from "@/shared/report-catalog";
import { type Bbox, boxCircle } from "./map-grid";
import { titleContains } from "./text-search";

export interface PublicFilter {
  status?: Exclude<Status, "rejected">;
  category?: Category;
  text?: string;
}

/** What the public feed and map show: a status, or every status but rejected (never public); a category; words in the title. */
export function publicFilter(f: PublicFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [f.status ? sql<SqlBool>`reports.status = ${f.status}` : sql<SqlBool>`reports.status <> 'rejected'`];
  if (f.category) parts.push(sql<SqlBool>`reports.category = ${f.category}`);
  if (f.text) parts.push(titleContains(f.text));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/**
 * Reports inside the box (wrapping across the antimeridian when west > east), by the
 * latitude/longitude index; for a box whose surrounding circle is at most `circleUpTo` metres, also
 * inside that circle, which the GiST index on ll_to_earth answers (a close view's few reports).
 */
export function insideBox(b: Bbox, circleUpTo = 0): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [
    sql<SqlBool>`reports.latitude between ${b.south}::float8 and ${b.north}::float8`,
    b.west <= b.east
      ? sql<SqlBool>`reports.longitude between ${b.west}::float8 and ${b.east}::float8`
      : sql<SqlBool>`(reports.longitude >= ${b.west}::float8 or reports.longitude <= ${b.east}::float8)`,
  ];
  const circle = boxCircle(b);
  if (circle && circle.radius <= circleUpTo) {
    parts.push(sql<SqlBool>`earth_box(ll_to_earth(${circle.lat}::float8, ${circle.lng}::float8), ${circle.radius}::float8) @> ll_to_earth(reports.latitude, reports.longitude)`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}
