/**
 * Optional keyword rules layered on the statistical models, switched by
 * DEFAULT_HYPERPARAMS.categoryRules / hazardRules. `npx tsx scripts/triage-eval.ts` measures both
 * (held-out and 5-fold CV, with and without). Current decision, from those numbers:
 *  - hazard rules ON: hazard recall +3 to +4 points (held-out 0.60 → 0.63, CV 0.77 → 0.81) and
 *    slightly higher F1 (0.61 → 0.62, CV 0.76 → 0.77); a missed hazard costs more than a false alarm.
 *  - category rules OFF: no measurable gain (held-out equal, CV macro-F1 −0.002).
 * Both operate on the normalised text with the misspelling table applied.
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
