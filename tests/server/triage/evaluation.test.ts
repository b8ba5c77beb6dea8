import { describe, expect, it } from "vitest";
import { CATEGORIES, DEFAULT_HYPERPARAMS, LANGS, trainingExamples } from "@/server/triage";
import { dedupe, evaluate, holdoutSplit, nearDuplicateGroups } from "@/server/triage/evaluation";
import { normalizeText, STOPWORDS, tokens } from "@/server/triage/tokenize";
import { HAZARDS, MISSPELLED, OBVIOUS, OBVIOUS_HI, OBVIOUS_HI_LATN, ROUTINE } from "./fixtures";

const words = (t: string) => new Set(tokens(t, true).filter((w) => !STOPWORDS.has(w)));
function jaccard(a: Set<string>, b: Set<string>) {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

describe("triage dataset", () => {
  const all = trainingExamples();

  it("has enough examples of every category and no exact duplicates", () => {
    expect(all.length).toBeGreaterThanOrEqual(700);
    for (const c of CATEGORIES) {
      const n = all.filter((e) => e.category === c).length;
      expect(n, c).toBeGreaterThanOrEqual(c === "other" ? 30 : 50);
    }
    expect(dedupe(all)).toHaveLength(all.length);
    expect(all.filter((e) => e.urgent).length).toBeGreaterThanOrEqual(100);
    for (const e of all) expect(normalizeText(e.text).length).toBeGreaterThan(0);
  });

  it("has several hundred examples in each language, covering every category", () => {
    for (const lang of LANGS) {
      const rows = all.filter((e) => e.lang === lang);
      expect(rows.length, lang).toBeGreaterThanOrEqual(300);
      for (const c of CATEGORIES) expect(rows.filter((e) => e.category === c).length, `${lang} ${c}`).toBeGreaterThanOrEqual(20);
      expect(rows.filter((e) => e.urgent).length, lang).toBeGreaterThanOrEqual(20);
    }
    // Hindi rows are Devanagari; Hinglish rows are Latin letters only.
    for (const e of all.filter((x) => x.lang === "hi")) expect(e.text, e.text).toMatch(/\p{Script=Devanagari}/u);
    for (const e of all.filter((x) => x.lang === "hi-Latn")) expect(e.text, e.text).not.toMatch(/\p{Script=Devanagari}/u);
  });

  it("does not contain the test fixtures (or anything close to them)", () => {
    const fixtures = [...OBVIOUS, ...OBVIOUS_HI, ...OBVIOUS_HI_LATN, ...MISSPELLED, ...HAZARDS, ...ROUTINE].map((f) => `${f[0]}. ${f[1]}`);
    const data = all.map((e) => words(e.text));
    for (const f of fixtures) {
      const w = words(f);
      const closest = Math.max(...data.map((d) => jaccard(w, d)));
      expect(closest, f).toBeLessThan(0.5);
    }
  });
});

describe("held-out evaluation", () => {
  const { train, test, excluded } = holdoutSplit(trainingExamples());
  const result = evaluate(train, test, DEFAULT_HYPERPARAMS);

  it("is stratified by language: every language is about a fifth held out, and English is the split measured before", () => {
    for (const lang of LANGS) {
      const n = test.filter((e) => e.lang === lang).length;
      const total = n + train.filter((e) => e.lang === lang && !e.trainOnly).length;
      expect(n / total, lang).toBeGreaterThan(0.17);
      expect(n / total, lang).toBeLessThan(0.23);
    }
    // English is dealt first, so its held-out set is the one an English-only dataset gives:
    // English figures stay comparable with those measured before other languages were added.
    const englishOnly = holdoutSplit(trainingExamples().filter((e) => e.lang === "en"));
    expect(test.filter((e) => e.lang === "en").map((e) => e.text)).toEqual(englishOnly.test.map((e) => e.text));
  });

  // Quadratic near-duplicate checks over the whole set: slow on a busy machine, hence the timeouts.
  it("holds out the same reports whatever train-only rows are added", () => {
    const withoutTrainOnly = holdoutSplit(trainingExamples().filter((e) => !e.trainOnly));
    expect(test.map((e) => e.text)).toEqual(withoutTrainOnly.test.map((e) => e.text));
    expect(test.some((e) => e.trainOnly)).toBe(false);
    expect(train.filter((e) => e.trainOnly).length).toBeGreaterThan(0);
  }, 120_000);

  it("keeps near-duplicates on one side of the split", () => {
    expect(train.length + test.length + excluded.length).toBe(dedupe(trainingExamples()).length);
    const both = [...train, ...test];
    const groups = nearDuplicateGroups(both);
    const trainGroups = new Set(groups.slice(0, train.length));
    for (let i = train.length; i < both.length; i++) expect(trainGroups.has(groups[i] as number)).toBe(false);
    // And no held-out text shares most of its words with a training text.
    const tw = train.map((e) => words(e.text));
    for (const e of test) {
      const w = words(e.text);
      expect(Math.max(...tw.map((t) => jaccard(w, t))), e.text).toBeLessThan(0.8);
    }
  }, 120_000);

  it("stays above the measured accuracy overall (91.1 %, macro-F1 0.911) minus a margin", () => {
    const r = result;
    expect(r.n).toBe(test.length);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.905);
    expect(r.macroF1).toBeGreaterThanOrEqual(0.905);
    for (const c of r.perClass) expect(c.f1, c.category).toBeGreaterThanOrEqual(0.8);
    // Hazard: 49 urgent reports held out; measured recall 0.673, precision 0.660 (bench/RESULTS.md).
    expect(r.hazard.recall).toBeGreaterThanOrEqual(0.65);
    expect(r.hazard.precision).toBeGreaterThanOrEqual(0.63);
  });

  // Per language, on the held-out reports of that language (a hundred or more each, so one report
  // is about a point). The target is 90 % in every language, and English no worse than its 87.4 %
  // from before Hindi and Hinglish were added (the same 190 English reports). Measured (bench/RESULTS.md,
  // "Triage"): English 90.5 % (macro-F1 0.905), Hindi 91.2 % (0.911), Hinglish 91.7 % (0.916); each
  // floor is one held-out report below what was reached, so losing two fails.
  const FLOOR: Record<(typeof LANGS)[number], { accuracy: number; macroF1: number }> = {
    en: { accuracy: 0.9, macroF1: 0.895 },
    hi: { accuracy: 0.902, macroF1: 0.9 },
    "hi-Latn": { accuracy: 0.909, macroF1: 0.905 },
  };
  it.each(LANGS)("%s: held-out accuracy and macro-F1 do not drop below the floor", (lang) => {
    const r = result.byLang.find((l) => l.lang === lang)?.result;
    expect(r, lang).toBeDefined();
    expect(r?.accuracy, `${lang} accuracy`).toBeGreaterThanOrEqual(FLOOR[lang].accuracy);
    expect(r?.macroF1, `${lang} macro-F1`).toBeGreaterThanOrEqual(FLOOR[lang].macroF1);
  });
});
