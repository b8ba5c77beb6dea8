/**
 * Report triage: category + hazard classification of a citizen's report text, and a rule-based
 * priority. The model is trained lazily, once per process, from the bundled labelled dataset
 * (data/triage/complaints.json: English, Hindi and Hinglish) on first use; training is
 * deterministic and takes a fraction of a second (bench/RESULTS.md, "Triage"), so there is no
 * precomputed artefact to keep in sync. `modelVersion` identifies the
 * dataset + hyperparameters the model was trained from.
 *
 * Evaluate with `npx tsx scripts/triage-eval.ts`.
 */
import data from "../../../data/triage/complaints.json";
import trainOnlyData from "../../../data/triage/complaints-train-only.json";
import {
  CATEGORIES,
  type Category,
  decideCategory,
  DEFAULT_HYPERPARAMS,
  type Example,
  type Hyperparams,
  parseExamples,
  predict,
  type TriageModel,
  trainTriageModel,
} from "./classifier";
import { hashString } from "./hash";

export { CATEGORIES, DEFAULT_HYPERPARAMS, LANGS, MIN_CONFIDENCE, parseExamples, trainTriageModel } from "./classifier";
export type { Category, Example, Hyperparams, Lang, TriageModel } from "./classifier";
export { prioritize, PRIORITIES, SEVERITIES, SUPPORTS_PER_LEVEL } from "./priority";
export type { Priority, Severity } from "./priority";

export interface Classification {
  category: Category;
  /** Posterior probability of `category`, 0..1. */
  confidence: number;
  /** Probabilities of the top 3 categories. */
  scores: Partial<Record<Category, number>>;
  hazard: boolean;
  hazardConfidence: number;
  modelVersion: string;
}

/** Longer reports are cut to this many characters (title first) before classification. */
export const MAX_TEXT_CHARS = 4000;

/** The shipped dataset, validated: the split rows, then the rows that are only ever trained on. */
export function trainingExamples(): Example[] {
  return [...parseExamples(data), ...parseExamples(trainOnlyData, true)];
}

/** Short, stable identifier of a dataset + hyperparameters: "tri-" + 8 hex digits. */
export function computeModelVersion(examples: readonly Example[], hp: Hyperparams): string {
  return "tri-" + hashString(JSON.stringify(hp) + "\n" + JSON.stringify(examples));
}

let cached: { model: TriageModel; version: string; trainMs: number } | undefined;

/** The process-wide model, trained on first call. */
export function getTriageModel(): { model: TriageModel; version: string; trainMs: number } {
  if (!cached) {
    const started = performance.now();
    const examples = trainingExamples();
    const model = trainTriageModel(examples, DEFAULT_HYPERPARAMS);
    cached = { model, version: computeModelVersion(examples, DEFAULT_HYPERPARAMS), trainMs: performance.now() - started };
  }
  return cached;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Classifies with an explicit model (for evaluation and tests); classifyReport uses the shared one. */
export function classifyWith(model: TriageModel, modelVersion: string, input: { title: string; description: string }): Classification {
  const text = `${input.title ?? ""}. ${input.description ?? ""}`.slice(0, MAX_TEXT_CHARS);
  const { probs, hazardProb, knownFeatures } = predict(model, text);
  if (knownFeatures === 0) {
    // Empty text, punctuation, emoji or words the model has never seen: there is no evidence for
    // any category or for a hazard, so answer `other` with zero confidence and no scores.
    return { category: "other", confidence: 0, scores: {}, hazard: false, hazardConfidence: 0, modelVersion };
  }
  const ranked = CATEGORIES.map((c, k) => [c, probs[k] as number] as const).sort((a, b) => b[1] - a[1]);
  const scores: Partial<Record<Category, number>> = {};
  for (const [c, p] of ranked.slice(0, 3)) scores[c] = round(p);
  const category = CATEGORIES[decideCategory(probs)] as Category;
  return {
    category,
    confidence: round(probs[CATEGORIES.indexOf(category)] as number),
    scores,
    hazard: hazardProb >= model.hp.hazardThreshold,
    hazardConfidence: round(hazardProb),
    modelVersion,
  };
}

export function classifyReport(input: { title: string; description: string }): Classification {
  const { model, version } = getTriageModel();
  return classifyWith(model, version, input);
}
