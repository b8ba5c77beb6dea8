/**
 * Evaluates the report-triage classifier honestly on the shipped dataset.
 *
 *   npx tsx scripts/triage-eval.ts            held-out report + 5-fold CV + ablations
 *   npx tsx scripts/triage-eval.ts --tune     hyperparameter grid, scored by 5-fold CV on the
 *                                             TRAIN part of the split only (never the held-out part)
 *   npx tsx scripts/triage-eval.ts --errors hi-Latn
 *                                             inner 5-fold CV on the TRAIN part: accuracy of one
 *                                             language and the texts it gets wrong (to study errors
 *                                             without reading held-out reports)
 *
 * Protocol: exact duplicates (after normalisation) are dropped, near-duplicates (character
 * 5-gram Jaccard ≥ 0.6) are grouped so a paraphrase never straddles train/test, then an 80/20
 * split stratified by language and category with a fixed seed; the model is trained on the 80 %
 * only (all languages together, as in production) and scored overall and per language. Rows of
 * data/triage/complaints-train-only.json are never held out (they were written after the split was
 * fixed): they join the training side, except any near-duplicate of a held-out report.
 */
import {
  CATEGORIES,
  computeModelVersion,
  DEFAULT_HYPERPARAMS,
  type Example,
  type Hyperparams,
  LANGS,
  trainingExamples,
  trainTriageModel,
} from "../src/server/triage";
import { decideCategory, predict } from "../src/server/triage/classifier";
import {
  CV_SEED,
  crossValidate,
  dedupe,
  type EvalResult,
  evaluate,
  HOLDOUT_SEED,
  holdoutSplit,
  nearDuplicateGroups,
  stratifiedFolds,
} from "../src/server/triage/evaluation";

const pct = (x: number) => (x * 100).toFixed(1).padStart(5) + "%";
const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

const langLabel = (lang: string) => ({ en: "English", hi: "Hindi", "hi-Latn": "Hinglish" })[lang] ?? lang;

function printReport(title: string, r: EvalResult) {
  console.log(`\n== ${title} (n=${r.n}) ==`);
  console.log(`accuracy ${pct(r.accuracy)}   macro-F1 ${f3(r.macroF1)}   mean NLL ${f3(r.nll)}`);
  console.log("\nlanguage            n  accuracy  macro-F1  hazard P  hazard R");
  for (const { lang, result: l } of r.byLang) {
    console.log(
      `${`${langLabel(lang)} (${lang})`.padEnd(18)} ${String(l.n).padStart(3)}  ${pct(l.accuracy).padStart(8)}  ${f3(l.macroF1).padStart(8)}  ` +
        `${f3(l.hazard.precision).padStart(8)}  ${f3(l.hazard.recall).padStart(8)}`,
    );
  }
  console.log("");
  console.log(
    `confidence: mean ${f3(r.calibration.meanConfidence)}, ECE ${f3(r.calibration.ece)}; ${pct(r.calibration.highConfShare)} of reports have confidence >= 0.6, ` +
      `accuracy there ${pct(r.calibration.highConfAccuracy)}, below ${pct(r.calibration.lowConfAccuracy)}`,
  );
  console.log(
    `hazard: precision ${f3(r.hazard.precision)} recall ${f3(r.hazard.recall)} F1 ${f3(r.hazard.f1)} ` +
      `(tp ${r.hazard.tp}, fp ${r.hazard.fp}, fn ${r.hazard.fn}, urgent in test ${r.hazard.positives})`,
  );
  console.log("\nclass             support  precision  recall     F1");
  for (const c of r.perClass) {
    console.log(`${c.category.padEnd(16)} ${String(c.support).padStart(8)}  ${f3(c.precision).padStart(9)}  ${f3(c.recall).padStart(6)}  ${f3(c.f1).padStart(5)}`);
  }
  const abbr = CATEGORIES.map((c) => c.slice(0, 5));
  console.log("\nconfusion matrix (rows = true, columns = predicted)");
  console.log("".padEnd(16) + abbr.map((a) => a.padStart(6)).join(""));
  r.confusion.forEach((row, i) => console.log((CATEGORIES[i] as string).padEnd(16) + row.map((v) => String(v || ".").padStart(6)).join("")));
}

function cvLine(label: string, all: readonly Example[], hp: Hyperparams) {
  const cv = crossValidate(all, hp, 5, CV_SEED);
  const acc = cv.map((r) => r.accuracy);
  const mf = cv.map((r) => r.macroF1);
  const hz = cv.map((r) => r.hazard.f1);
  const hr = cv.map((r) => r.hazard.recall);
  const perLang = (cv[0]?.byLang ?? []).map(({ lang }, j) => `${lang} ${pct(mean(cv.map((r) => r.byLang[j]?.result.accuracy ?? 0))).trim()}`);
  console.log(
    `${label.padEnd(46)} CV acc ${pct(mean(acc))} ±${(sd(acc) * 100).toFixed(1)}  macro-F1 ${f3(mean(mf))}  ` +
      `hazard F1 ${f3(mean(hz))} recall ${f3(mean(hr))}  [${perLang.join(", ")}]`,
  );
  return cv;
}

function holdoutLine(label: string, train: Example[], test: Example[], hp: Hyperparams) {
  const r = evaluate(train, test, hp);
  const perLang = r.byLang.map(({ lang, result }) => `${lang} ${pct(result.accuracy).trim()}`);
  console.log(
    `${label.padEnd(46)} held-out acc ${pct(r.accuracy)}  macro-F1 ${f3(r.macroF1)}  hazard P ${f3(r.hazard.precision)} R ${f3(r.hazard.recall)} F1 ${f3(r.hazard.f1)}  [${perLang.join(", ")}]`,
  );
  return r;
}

function main() {
  const all = trainingExamples();
  const data = dedupe(all);
  const groups = nearDuplicateGroups(data);
  const grouped = groups.length - new Set(groups).size;
  console.log(`dataset: ${all.length} examples, ${all.length - data.length} exact duplicates dropped, ${grouped} near-duplicates grouped with another example`);
  const counts = CATEGORIES.map((c) => `${c} ${data.filter((e) => e.category === c).length}`).join(", ");
  console.log(`per class: ${counts}; urgent ${data.filter((e) => e.urgent).length}`);
  console.log(`per language: ${LANGS.map((l) => `${langLabel(l)} ${data.filter((e) => e.lang === l).length}`).join(", ")}`);

  const { train, test, excluded } = holdoutSplit(all, HOLDOUT_SEED);
  console.log(`split (seed ${HOLDOUT_SEED}): train ${train.length}, held-out ${test.length}`);
  const trainOnly = data.filter((e) => e.trainOnly).length;
  console.log(
    `train-only rows (data/triage/complaints-train-only.json, never held out): ${trainOnly}, ` +
      `${excluded.length} of them left out of this split's training side as near-duplicates of a held-out report`,
  );

  if (process.argv.includes("--tune")) return tune(train);
  const errorsLang = process.argv[process.argv.indexOf("--errors") + 1];
  if (process.argv.includes("--errors")) return innerErrors(train, LANGS.find((l) => l === errorsLang) ?? "hi-Latn");

  const hp = DEFAULT_HYPERPARAMS;
  const t0 = performance.now();
  trainTriageModel(all, hp);
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  trainTriageModel(all, hp);
  console.log(`training on all ${all.length} examples: ${trainMs.toFixed(0)} ms cold, ${(performance.now() - t1).toFixed(0)} ms warm`);
  console.log(`model version ${computeModelVersion(all, hp)}; hyperparameters ${JSON.stringify(hp)}`);

  printReport("held-out, shipped configuration", evaluate(train, test, hp));

  console.log("\n== 5-fold cross-validation (seed " + CV_SEED + ", whole deduplicated set, near-duplicates kept together) ==");
  const cv = cvLine("shipped configuration", all, hp);
  console.log("per-fold accuracy: " + cv.map((r) => pct(r.accuracy).trim()).join(", "));

  console.log("\n== ablations (held-out split, then 5-fold CV) ==");
  const noRules = { ...hp, categoryRules: false, hazardRules: false };
  const variants: [string, Hyperparams][] = [
    [`shipped (category rules ${hp.categoryRules ? "on" : "off"}, hazard rules ${hp.hazardRules ? "on" : "off"})`, hp],
    ["no keyword rules at all", noRules],
    ["category rules only", { ...noRules, categoryRules: true }],
    ["hazard rules only", { ...noRules, hazardRules: true }],
    ["both keyword rules", { ...hp, categoryRules: true, hazardRules: true }],
    ["- concept lexicon features", { ...hp, tokenize: { ...hp.tokenize, concepts: false } }],
    ["- misspelling/Hindi/Hinglish tables", { ...hp, tokenize: { ...hp.tokenize, variants: false } }],
    ["- character n-grams", { ...hp, tokenize: { ...hp.tokenize, charMin: 0 } }],
    ["- word bigrams", { ...hp, tokenize: { ...hp.tokenize, bigrams: false } }],
    [`${hp.tokenize.skeletons ? "-" : "+"} consonant skeletons of Latin words`, { ...hp, tokenize: { ...hp.tokenize, skeletons: !hp.tokenize.skeletons } }],
    ["naive Bayes instead of LR", { ...hp, model: "nb", charWeight: 0.3, nbAlpha: 0.3 }],
    ["LR + NB ensemble", { ...hp, model: "ensemble", nbAlpha: 0.3 }],
  ];
  for (const [label, v] of variants) holdoutLine(label, train, test, v);
  console.log("");
  for (const [label, v] of variants) cvLine(label, all, v);
}

function innerErrors(train: Example[], lang: (typeof LANGS)[number]) {
  const folds = stratifiedFolds(train, 5, CV_SEED + 1);
  let n = 0;
  let ok = 0;
  for (let f = 0; f < 5; f++) {
    const model = trainTriageModel(train.filter((_, i) => folds[i] !== f), DEFAULT_HYPERPARAMS);
    train.forEach((e, i) => {
      if (folds[i] !== f || e.lang !== lang) return;
      n++;
      const predicted = CATEGORIES[decideCategory(predict(model, e.text).probs)];
      if (predicted === e.category) ok++;
      else console.log(`${e.category} -> ${predicted}: ${e.text}`);
    });
  }
  console.log(`\ninner 5-fold CV on the train part, ${langLabel(lang)}: accuracy ${pct(ok / n)} (n=${n})`);
}

function tune(train: Example[]) {
  // Inner CV on the training part only: the held-out set plays no part in choosing anything.
  const base = DEFAULT_HYPERPARAMS;
  const grid: Hyperparams[] = [];
  for (const charWeight of [0.7, 1, 1.4])
    for (const l2 of [1e-5, 1e-4, 1e-3])
      for (const [epochs, learningRate] of [[6, 1.5], [6, 2], [10, 1], [20, 0.5]] as const) grid.push({ ...base, model: "lr", charWeight, l2, epochs, learningRate });
  for (const model of ["nb", "ensemble"] as const)
    for (const charWeight of [0.3, 1])
      for (const nbAlpha of [0.1, 0.3, 1]) for (const nbTemperature of [2, 4]) grid.push({ ...base, model, charWeight, nbAlpha, nbTemperature });
  const rows: { hp: Hyperparams; acc: number; mf: number; nll: number }[] = [];
  const folds = stratifiedFolds(train, 5, CV_SEED + 1);
  for (const hp of grid) {
    const res = [0, 1, 2, 3, 4].map((f) => evaluate(train.filter((_, i) => folds[i] !== f), train.filter((_, i) => folds[i] === f), hp));
    rows.push({ hp, acc: mean(res.map((r) => r.accuracy)), mf: mean(res.map((r) => r.macroF1)), nll: mean(res.map((r) => r.nll)) });
  }
  rows.sort((a, b) => b.mf - a.mf || a.nll - b.nll);
  console.log(`\ninner 5-fold CV on the train part, ${grid.length} configurations, best 15 by macro-F1:`);
  for (const r of rows.slice(0, 15)) {
    const h = r.hp;
    console.log(
      `macro-F1 ${f3(r.mf)} acc ${pct(r.acc)} NLL ${f3(r.nll)}  model=${h.model} charWeight=${h.charWeight} l2=${h.l2} epochs=${h.epochs} lr=${h.learningRate} alpha=${h.nbAlpha} T=${h.nbTemperature}`,
    );
  }
  // Hazard: positive weight and threshold, scored by F2 (a missed hazard costs more than a false alarm).
  console.log("\nhazard model, inner CV on the train part (F2 weighs recall twice):");
  for (const hazardRules of [false, true])
    for (const hazardPositiveWeight of [1, 2, 3, 4])
      for (const hazardThreshold of [0.3, 0.35, 0.4, 0.5]) {
      const hp = { ...base, hazardRules, hazardPositiveWeight, hazardThreshold };
      const res = [0, 1, 2, 3, 4].map((f) => evaluate(train.filter((_, i) => folds[i] !== f), train.filter((_, i) => folds[i] === f), hp).hazard);
      const tp = res.reduce((a, r) => a + r.tp, 0);
      const fp = res.reduce((a, r) => a + r.fp, 0);
      const fn = res.reduce((a, r) => a + r.fn, 0);
      const p = tp / Math.max(1, tp + fp);
      const rc = tp / Math.max(1, tp + fn);
      const f2 = (5 * p * rc) / Math.max(1e-9, 4 * p + rc);
      console.log(`rules=${hazardRules} posWeight=${hazardPositiveWeight} threshold=${hazardThreshold}: P ${f3(p)} R ${f3(rc)} F2 ${f3(f2)}`);
    }
}

main();
