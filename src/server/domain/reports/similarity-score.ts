import "server-only";

/** What ranks a nearby open report as the same problem as the one being filed. */
export interface SimilarityEvidence {
  distanceMeters: number;
  /** pg_trgm similarity (0..1) of the titles. */
  titleSimilarity: number;
  /** pg_trgm similarity (0..1) of the descriptions, when the citizen has written one. */
  descriptionSimilarity: number | null;
  sameCategory: boolean;
}

const NEARNESS_WEIGHT = 0.45;
const TEXT_WEIGHT = 0.45;
const CATEGORY_WEIGHT = 0.1;
/** A description says more, less pointedly, than a title: its likeness counts for a little less. */
const DESCRIPTION_DISCOUNT = 0.8;

/** How alike the two texts are: the titles', or the descriptions' when those are closer. */
export function textSimilarity(e: Pick<SimilarityEvidence, "titleSimilarity" | "descriptionSimilarity">): number {
  return Math.max(e.titleSimilarity, DESCRIPTION_DISCOUNT * (e.descriptionSimilarity ?? 0));
}

/**
 * The ranking rule (0..1, higher first): nearness within the searched radius (1 on the spot, 0 at
 * its edge) and text likeness weigh the same, and the same category adds a little. Two reports
 * at the same spot with no words in common still rank above far ones with few, since the form
 * asks as soon as a location is set, before a title says much.
 */
export function similarityScore(e: SimilarityEvidence, radiusMeters: number): number {
  const nearness = 1 - Math.min(Math.max(e.distanceMeters / radiusMeters, 0), 1);
  return NEARNESS_WEIGHT * nearness + TEXT_WEIGHT * textSimilarity(e) + (e.sameCategory ? CATEGORY_WEIGHT : 0);
}
