/**
 * Honest evaluation helpers shared by scripts/triage-eval.ts and the tests:
 * exact-duplicate removal, near-duplicate grouping (so paraphrases never straddle train/test),
 * stratified seeded k-fold assignment, and the usual metrics.
 */
import {
  CATEGORIES,
  type Category,
  decideCategory,
  type Example,
  type Hyperparams,
  type Lang,
  LANGS,
  type Prediction,
  predict,
  trainTriageModel,
} from "./classifier";
import { mulberry32, shuffle } from "./model";
import { normalizeText, STOPWORDS, tokens } from "./tokenize";

/** Drops examples whose normalised text was already seen (first occurrence wins). */
export function dedupe(examples: readonly Example[]): Example[] {
  const seen = new Set<string>();
  const out: Example[] = [];
  for (const e of examples) {
    const key = normalizeText(e.text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function shingles(text: string): Set<string> {
  const s = " " + tokens(text, true).join(" ") + " ";
  const out = new Set<string>();
  for (let i = 0; i + 5 <= s.length; i++) out.add(s.slice(i, i + 5));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function wordJaccardAtLeast(a: Set<string>, b: Set<string>, threshold: number): boolean {
  if (Math.min(a.size, b.size) < threshold * Math.max(a.size, b.size)) return false;
  return jaccard(a, b) >= threshold;
}

/** Content words after the variants tables: a Hindi or Hinglish text and its English twin share them. */
function contentWords(text: string): Set<string> {
  return new Set(tokens(text, true).filter((t) => !STOPWORDS.has(t)));
}

/**
 * Groups near-duplicates: examples whose character 5-gram shingle sets have Jaccard ≥ threshold,
 * or whose content-word sets (after the Hindi/Hinglish → English tables) have Jaccard ≥ 0.8, end
 * up in one group (union-find, transitive). The second test catches translations ("सड़क टूटी" and
 * "road broken"), which share no characters. Returns a group id per example.
 */
export function nearDuplicateGroups(examples: readonly Example[], threshold = 0.6): number[] {
  const sh = examples.map((e) => shingles(e.text));
  const words = examples.map((e) => contentWords(e.text));
  // English pairs keep the shingle test alone, so the English split stays the one measured before
  // other languages were added (and stays comparable with older figures).
  const bothEnglish = (i: number, j: number) => examples[i]?.lang === "en" && examples[j]?.lang === "en";
  const parent = examples.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (let i = 0; i < sh.length; i++) {
    for (let j = i + 1; j < sh.length; j++) {
      const a = sh[i] as Set<string>;
      const b = sh[j] as Set<string>;
      // Cheap bound: Jaccard ≤ min/max of the set sizes.
      if (Math.min(a.size, b.size) / Math.max(a.size, b.size) >= threshold && jaccard(a, b) >= threshold) parent[find(i)] = find(j);
      else if (!bothEnglish(i, j) && wordJaccardAtLeast(words[i] as Set<string>, words[j] as Set<string>, 0.8)) {
        parent[find(i)] = find(j);
      }
    }
  }
  return parent.map((_, i) => find(i));
}

/**
 * Stratified k-fold assignment that keeps near-duplicate groups together: groups are bucketed by
 * their first member's language and category, shuffled with a seeded PRNG and dealt round-robin
 * to folds. English is dealt first, so its folds are exactly those of an English-only dataset:
 * adding other languages leaves the English held-out set, and its figures, comparable over time.
 */
export function stratifiedFolds(examples: readonly Example[], k: number, seed: number): number[] {
  const groups = nearDuplicateGroups(examples);
  const members = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const byStratum = new Map<string, number[][]>();
  for (const list of members.values()) {
    const first = examples[list[0] as number] as Example;
    const key = `${first.lang}/${first.category}`;
    const bucket = byStratum.get(key);
    if (bucket) bucket.push(list);
    else byStratum.set(key, [list]);
  }
  const fold = new Array<number>(examples.length).fill(0);
  const rand = mulberry32(seed);
  let offset = 0;
  for (const lang of LANGS) {
    for (const c of CATEGORIES) {
      const bucket = byStratum.get(`${lang}/${c}`) ?? [];
      shuffle(bucket, rand);
      bucket.forEach((list, i) => {
        for (const m of list) fold[m] = (i + offset) % k;
      });
      offset += bucket.length; // continue dealing where the last stratum stopped: balanced fold sizes
    }
  }
  return fold;
}

export interface ClassMetrics {
  category: Category;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalResult {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted] in CATEGORIES order. */
  confusion: number[][];
  hazard: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number; positives: number };
  /** Mean confidence of the top class, and accuracy when that confidence is ≥ 0.6 / < 0.6. */
  calibration: { meanConfidence: number; highConfShare: number; highConfAccuracy: number; lowConfAccuracy: number; ece: number };
  /** Mean negative log-likelihood of the true category. */
  nll: number;
  /** The same metrics over the test examples of each language present, in LANGS order. */
  byLang: { lang: Lang; result: LangResult }[];
}

export type LangResult = Omit<EvalResult, "byLang">;

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluate(train: readonly Example[], test: readonly Example[], hp: Hyperparams): EvalResult {
  const model = trainTriageModel(train, hp);
  const predictions = test.map((e) => predict(model, e.text));
  const byLang = LANGS.filter((lang) => test.some((e) => e.lang === lang)).map((lang) => {
    const at = test.flatMap((e, i) => (e.lang === lang ? [i] : []));
    return { lang, result: score(at.map((i) => test[i] as Example), at.map((i) => predictions[i] as Prediction), hp) };
  });
  return { ...score(test, predictions, hp), byLang };
}

function score(test: readonly Example[], predictions: readonly Prediction[], hp: Hyperparams): LangResult {
  const K = CATEGORIES.length;
  const confusion = CATEGORIES.map(() => new Array<number>(K).fill(0));
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let confSum = 0;
  let hi = 0;
  let hiOk = 0;
  let loOk = 0;
  let nll = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 }));
  test.forEach((e, i) => {
    const { probs, hazardProb } = predictions[i] as Prediction;
    const best = decideCategory(probs);
    const truth = CATEGORIES.indexOf(e.category);
    (confusion[truth] as number[])[best]! += 1;
    const ok = best === truth;
    if (ok) correct++;
    const conf = probs[best] as number;
    confSum += conf;
    const bin = bins[Math.min(9, Math.floor(conf * 10))] as { n: number; conf: number; ok: number };
    bin.n++;
    bin.conf += conf;
    if (ok) bin.ok++;
    if (conf >= 0.6) {
      hi++;
      if (ok) hiOk++;
    } else if (ok) loOk++;
    nll -= Math.log(Math.max(1e-12, probs[truth] as number));
    const h = hazardProb >= hp.hazardThreshold;
    if (h && e.urgent) tp++;
    else if (h) fp++;
    else if (e.urgent) fn++;
  });
  const perClass = CATEGORIES.map((category, k) => {
    const row = confusion[k] as number[];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + (r[k] as number), 0);
    const hit = row[k] as number;
    const precision = predicted ? hit / predicted : 0;
    const recall = support ? hit / support : 0;
    return { category, support, precision, recall, f1: f1(precision, recall) };
  });
  const present = perClass.filter((c) => c.support > 0);
  const hp_ = tp + fp ? tp / (tp + fp) : 0;
  const hr = tp + fn ? tp / (tp + fn) : 0;
  return {
    n: test.length,
    accuracy: correct / test.length,
    macroF1: present.reduce((a, c) => a + c.f1, 0) / present.length,
    perClass,
    confusion,
    hazard: { precision: hp_, recall: hr, f1: f1(hp_, hr), tp, fp, fn, positives: tp + fn },
    calibration: {
      meanConfidence: confSum / test.length,
      highConfShare: hi / test.length,
      highConfAccuracy: hi ? hiOk / hi : 0,
      lowConfAccuracy: test.length - hi ? loOk / (test.length - hi) : 0,
      // Expected calibration error over 10 equal-width confidence bins.
      ece: bins.reduce((a, b) => a + Math.abs(b.conf - b.ok), 0) / test.length,
    },
    nll: nll / test.length,
  };
}

export const HOLDOUT_SEED = 42;
export const CV_SEED = 7;

/**
 * Train and test sides of fold f. Folds are dealt over the rows that can be held out only, so
 * train-only rows (Example.trainOnly) never move a held-out row; they join the training side
 * unless they are a near-duplicate of a test row (directly or through another train-only row),
 * in which case they sit that fold out: a paraphrase of a test report must not be trained on.
 */
function foldSplit(data: readonly Example[], folds: readonly number[], f: number): { train: Example[]; test: Example[]; excluded: Example[] } {
  const pool = data.filter((e) => !e.trainOnly);
  const extra = data.filter((e) => e.trainOnly);
  const train = pool.filter((_, i) => folds[i] !== f);
  const test = pool.filter((_, i) => folds[i] === f);
  if (extra.length === 0) return { train, test, excluded: [] };
  const groups = nearDuplicateGroups([...test, ...extra]);
  const testGroups = new Set(groups.slice(0, test.length));
  const near = (i: number) => testGroups.has(groups[test.length + i] as number);
  return { train: [...train, ...extra.filter((_, i) => !near(i))], test, excluded: extra.filter((_, i) => near(i)) };
}

function poolFolds(data: readonly Example[], k: number, seed: number): number[] {
  return stratifiedFolds(data.filter((e) => !e.trainOnly), k, seed);
}

/**
 * The fixed 80/20 split used by the eval script and the regression test (fold 0 of 5 is the test
 * set); `excluded` lists the train-only rows left out as near-duplicates of a held-out row.
 */
export function holdoutSplit(all: readonly Example[], seed = HOLDOUT_SEED): { train: Example[]; test: Example[]; excluded: Example[] } {
  const data = dedupe(all);
  return foldSplit(data, poolFolds(data, 5, seed), 0);
}

export function crossValidate(all: readonly Example[], hp: Hyperparams, k = 5, seed = CV_SEED): EvalResult[] {
  const data = dedupe(all);
  const folds = poolFolds(data, k, seed);
  const results: EvalResult[] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(data, folds, f);
    results.push(evaluate(train, test, hp));
  }
  return results;
}
