/**
 * The triage model: one shared TF-IDF vectoriser, a category classifier (11 classes) and a
 * binary hazard classifier trained on the `urgent` labels, over English, Hindi and Hinglish
 * together. Training is deterministic and takes a fraction of a second on the shipped dataset
 * (measured by scripts/triage-eval.ts; figures in bench/RESULTS.md, "Triage").
 */
import { CATEGORIES, type Category } from "@/shared/report-catalog";
import { applyCategoryRules, applyHazardRules } from "./rules";
import { NaiveBayes, SoftmaxRegression, type SparseVec, Vectorizer, type VectorizerOptions } from "./model";
import { tokens } from "./tokenize";

// The category contract lives with the report rules; the model is trained on exactly that list.
export { CATEGORIES, type Category } from "@/shared/report-catalog";

/** Languages of the labelled set: English, Hindi in Devanagari, Hindi in Latin letters (Hinglish). */
export const LANGS = ["en", "hi", "hi-Latn"] as const;
export type Lang = (typeof LANGS)[number];

export interface Example {
  text: string;
  category: Category;
  urgent: boolean;
  /** The language the text is written in (for evaluation per language; the model does not see it). */
  lang: Lang;
  /**
   * Written after the held-out split was fixed (data/triage/complaints-train-only.json): always on
   * the training side of an evaluation, so adding it leaves the held-out reports as they were.
   */
  trainOnly?: true;
}

export interface Hyperparams extends VectorizerOptions {
  /** Category model: logistic regression ("lr"), naive Bayes ("nb") or the average of both ("ensemble"). */
  model: "lr" | "nb" | "ensemble";
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  nbAlpha: number;
  /** Softmax temperature over NB log-joints (NB is over-confident: features are not independent). */
  nbTemperature: number;
  /** Gradient weight of urgent examples in the hazard model (they are ~15 % of the data). */
  hazardPositiveWeight: number;
  /** Weight of the character n-gram block in the hazard model's input (the category model uses charWeight). */
  hazardCharWeight: number;
  /** hazard = hazardConfidence >= this. */
  hazardThreshold: number;
  /** Keyword rules on top of the statistical models (see rules.ts). */
  categoryRules: boolean;
  hazardRules: boolean;
}

export const DEFAULT_HYPERPARAMS: Hyperparams = {
  tokenize: { variants: true, concepts: true, charMin: 3, charMax: 4, bigrams: true, skeletons: false },
  minDf: 2,
  charWeight: 1,
  model: "lr",
  epochs: 6,
  learningRate: 1.5,
  l2: 1e-4,
  seed: 20240601,
  nbAlpha: 0.1,
  nbTemperature: 4,
  hazardPositiveWeight: 3,
  hazardCharWeight: 1,
  hazardThreshold: 0.35,
  categoryRules: false,
  hazardRules: true,
};

/** A document as the models see it: raw feature counts and its TF-IDF vector. */
export interface Doc {
  feats: Map<number, number>;
  x: SparseVec;
}

interface ProbModel {
  predictProba(doc: Doc): Float64Array;
}

export interface TriageModel {
  hp: Hyperparams;
  vectorizer: Vectorizer;
  category: ProbModel;
  hazard: SoftmaxRegression;
}

export interface Prediction {
  /** Probability per CATEGORIES index. */
  probs: Float64Array;
  /** Probability that the report describes a real hazard. */
  hazardProb: number;
  /** How many of the text's features the model knows (0: no evidence at all). */
  knownFeatures: number;
}

const CATEGORY_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && CATEGORY_INDEX.has(value);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/**
 * Validates raw JSON rows (throws on a bad row so a broken dataset fails loudly at first use);
 * `trainOnly` marks every row of a file that is never held out.
 */
export function parseExamples(rows: unknown, trainOnly = false): Example[] {
  if (!Array.isArray(rows)) throw new Error("triage dataset: expected an array");
  return rows.map((r: unknown, i) => {
    const o = r as { text?: unknown; category?: unknown; urgent?: unknown; lang?: unknown };
    if (typeof o?.text !== "string" || !isCategory(o.category) || typeof o.urgent !== "boolean" || !isLang(o.lang)) {
      throw new Error(`triage dataset: bad row ${i}: ${JSON.stringify(r)}`);
    }
    const example: Example = { text: o.text, category: o.category, urgent: o.urgent, lang: o.lang };
    return trainOnly ? { ...example, trainOnly: true } : example;
  });
}

export function trainTriageModel(examples: readonly Example[], hp: Hyperparams = DEFAULT_HYPERPARAMS): TriageModel {
  const vectorizer = new Vectorizer(hp);
  const feats = examples.map((e) => vectorizer.features(e.text));
  vectorizer.fit(feats);
  const X = feats.map((f) => vectorizer.transform(f));
  const y = examples.map((e) => CATEGORY_INDEX.get(e.category) as number);
  const sgd = { epochs: hp.epochs, learningRate: hp.learningRate, l2: hp.l2, seed: hp.seed };

  const parts: ProbModel[] = [];
  if (hp.model !== "nb") {
    const lr = new SoftmaxRegression(vectorizer.size, CATEGORIES.length).fit(X, y, sgd);
    parts.push({ predictProba: (d) => lr.predictProba(d.x) });
  }
  if (hp.model !== "lr") {
    const P = feats.map((f) => vectorizer.presence(f));
    const nb = new NaiveBayes(vectorizer.size, CATEGORIES.length, hp.nbTemperature).fit(P, y, hp.nbAlpha);
    parts.push({ predictProba: (d) => nb.predictProba(vectorizer.presence(d.feats)) });
  }
  const category: ProbModel = {
    predictProba(d) {
      const p = (parts[0] as ProbModel).predictProba(d);
      for (let m = 1; m < parts.length; m++) {
        const q = (parts[m] as ProbModel).predictProba(d);
        for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) + (q[k] as number);
      }
      for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) / parts.length;
      return p;
    },
  };

  const XH = hp.hazardCharWeight === hp.charWeight ? X : feats.map((f) => vectorizer.transform(f, hp.hazardCharWeight));
  const hazard = new SoftmaxRegression(vectorizer.size, 2).fit(
    XH,
    examples.map((e) => (e.urgent ? 1 : 0)),
    { ...sgd, seed: sgd.seed + 1 },
    examples.map((e) => (e.urgent ? hp.hazardPositiveWeight : 1)),
  );
  return { hp, vectorizer, category, hazard };
}

/** Below this top-class probability the answer is `other`: the model is only guessing between several categories. */
export const MIN_CONFIDENCE = 0.2;

/** The category decision used in production and in evaluation: argmax, unless it is too unsure. */
export function decideCategory(probs: Float64Array): number {
  let best = 0;
  for (let k = 1; k < probs.length; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
  return (probs[best] as number) < MIN_CONFIDENCE ? CATEGORIES.indexOf("other") : best;
}

export function predict(model: TriageModel, text: string): Prediction {
  const feats = model.vectorizer.features(text);
  const x = model.vectorizer.transform(feats);
  let probs = model.category.predictProba({ feats, x });
  const hcw = model.hp.hazardCharWeight;
  const h = model.hazard.predictProba(hcw === model.hp.charWeight ? x : model.vectorizer.transform(feats, hcw));
  let hazardProb = h[1] as number;
  if (model.hp.categoryRules || model.hp.hazardRules) {
    const norm = tokens(text, true).join(" ");
    if (model.hp.categoryRules) probs = applyCategoryRules(norm, probs);
    if (model.hp.hazardRules) hazardProb = applyHazardRules(norm, hazardProb);
  }
  return { probs, hazardProb, knownFeatures: x.idx.length };
}
