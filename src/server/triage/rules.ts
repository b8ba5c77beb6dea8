/**
 * Optional keyword rules layered on the statistical models. They are OFF by default
 * (DEFAULT_HYPERPARAMS.categoryRules / hazardRules) and kept only so that
 * `npx tsx scripts/triage-eval.ts --rules` can measure them: turn them on only if that run shows
 * a held-out gain. Both operate on the normalised text with the misspelling table applied.
 */
import { CATEGORY_RULES, HAZARD_PATTERN } from "./rules-data";

/** Multiplies the probability of every category whose pattern matches by `boost`, then renormalises. */
export function applyCategoryRules(text: string, probs: Float64Array, boost = 3): Float64Array {
  let touched = false;
  for (const [index, pattern] of CATEGORY_RULES) {
    if (pattern.test(text)) {
      probs[index] = (probs[index] as number) * boost;
      touched = true;
    }
  }
  if (!touched) return probs;
  let sum = 0;
  for (const p of probs) sum += p;
  for (let k = 0; k < probs.length; k++) probs[k] = (probs[k] as number) / sum;
  return probs;
}

/** A matching hazard phrase moves the hazard probability 65 % of the way towards 1. */
export function applyHazardRules(text: string, hazardProb: number): number {
  return HAZARD_PATTERN.test(text) ? 1 - (1 - hazardProb) * 0.35 : hazardProb;
}
