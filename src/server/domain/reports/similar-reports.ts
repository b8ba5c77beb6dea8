import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { ReportStatus } from "../../db/schema";
import { OPEN_STATUSES } from "../admin/list-queue";
import { similarityScore, textSimilarity } from "./similarity-score";

/** How many suggestions the filing form and the moderation panel show. */
export const SIMILAR_LIMIT = 5;
/** The nearest open reports ranked; a radius holding more than this is ranked on its nearest. */
const CANDIDATES = 100;

export interface SimilarQuery {
  latitude: number;
  longitude: number;
  title: string;
  description?: string;
  category?: string | null;
  radiusMeters: number;
  /** A report to leave out (the one a moderator is looking at). */
  excludeId?: string;
}

interface CandidateRow {
  id: string;
  ref: string;
  title: string;
  status: ReportStatus;
  category: string | null;
  latitude: number;
  longitude: number;
  support_count: number;
  created_at: Date;
  distance: number;
  title_sim: number;
  description_sim: number | null;
}

/**
 * Open reports within the radius that may be the same problem, best first, at most five: the GiST
 * index on ll_to_earth finds those inside the radius's cube, earth_distance keeps those inside the
 * circle, pg_trgm's similarity compares the texts, and similarityScore ranks them.
 */
export async function findSimilarReports(db: Executor, q: SimilarQuery) {
  const here = sql`ll_to_earth(${q.latitude}::float8, ${q.longitude}::float8)`;
  const there = sql`ll_to_earth(reports.latitude, reports.longitude)`;
  const description = q.description ? sql`similarity(reports.description, ${q.description})` : sql`null::real`;
  const { rows } = await sql<CandidateRow>`
    select * from (
      select reports.id, reports.ref, reports.title, reports.status, reports.category, reports.latitude, reports.longitude,
             reports.support_count, reports.created_at, earth_distance(${here}, ${there}) as distance,
             similarity(reports.title, ${q.title}) as title_sim, ${description} as description_sim
      from reports
      where earth_box(${here}, ${q.radiusMeters}::float8) @> ${there}
        and reports.status in (${sql.join(OPEN_STATUSES)})
        ${q.excludeId ? sql`and reports.id <> ${q.excludeId}::uuid` : sql``}
    ) near
    where distance <= ${q.radiusMeters}::float8
    order by distance, id
    limit ${CANDIDATES}
  `.execute(db);
  return rows
    .map((r) => {
      const evidence = {
        distanceMeters: r.distance,
        titleSimilarity: Number(r.title_sim),
        descriptionSimilarity: r.description_sim === null ? null : Number(r.description_sim),
        sameCategory: !!q.category && r.category === q.category,
      };
      return { row: r, evidence, score: similarityScore(evidence, q.radiusMeters) };
    })
    .sort((a, b) => b.score - a.score || a.evidence.distanceMeters - b.evidence.distanceMeters)
    .slice(0, SIMILAR_LIMIT)
    .map(({ row: r, evidence }) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      status: r.status,
      category: r.category,
      latitude: r.latitude,
      longitude: r.longitude,
      distanceMeters: Math.round(r.distance),
      similarity: Math.round(textSimilarity(evidence) * 100) / 100,
      supportCount: r.support_count,
      createdAt: r.created_at,
    }));
}
