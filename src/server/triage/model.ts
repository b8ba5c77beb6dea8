/**
 * Dependency-free, deterministic linear text models: a TF-IDF vectoriser, multinomial logistic
 * regression trained by plain SGD with a seeded shuffle, and multinomial naive Bayes. Everything
 * here is pure arithmetic over typed arrays: the same data and hyperparameters give bit-identical
 * weights on every run and platform (no Math.random, no Map-order dependence beyond insertion).
 */
import { extractFeatures, isCharFeature, type TokenizeOptions } from "./tokenize";

/** Small, fast, seeded PRNG (mulberry32). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place Fisher-Yates shuffle driven by `rand`. */
export function shuffle<T>(arr: T[], rand: () => number): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = arr[i] as T;
    arr[i] = arr[j] as T;
    arr[j] = tmp;
  }
  return arr;
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVec {
  idx: Int32Array;
  val: Float64Array;
}

export interface VectorizerOptions {
  tokenize: TokenizeOptions;
  /** Features present in fewer training documents are dropped. */
  minDf: number;
  /** Weight of the character n-gram block relative to the word block (each block is L2-normalised). */
  charWeight: number;
}

/** TF-IDF with sublinear tf; words+bigrams and character n-grams are normalised as separate blocks. */
export class Vectorizer {
  readonly vocab = new Map<number, number>();
  private idf: Float64Array = new Float64Array(0);
  private isChar: Uint8Array = new Uint8Array(0);

  constructor(readonly opts: VectorizerOptions) {}

  get size(): number {
    return this.vocab.size;
  }

  features(text: string): Map<number, number> {
    return extractFeatures(text, this.opts.tokenize);
  }

  fit(docs: Map<number, number>[]): this {
    const df = new Map<number, number>();
    for (const d of docs) for (const f of d.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const kept: [number, number][] = [];
    for (const [f, n] of df) if (n >= this.opts.minDf) kept.push([f, n]);
    this.idf = new Float64Array(kept.length);
    this.isChar = new Uint8Array(kept.length);
    const N = docs.length;
    kept.forEach(([f, n], i) => {
      this.vocab.set(f, i);
      this.idf[i] = Math.log((1 + N) / (1 + n)) + 1;
      this.isChar[i] = isCharFeature(f) ? 1 : 0;
    });
    return this;
  }

  /** Sparse TF-IDF vector of a document's features; unknown features are ignored. */
  transform(doc: Map<number, number>, charWeight = this.opts.charWeight): SparseVec {
    const idx: number[] = [];
    const val: number[] = [];
    let nw = 0;
    let nc = 0;
    for (const [f, tf] of doc) {
      const i = this.vocab.get(f);
      if (i === undefined) continue;
      const v = (1 + Math.log(tf)) * (this.idf[i] as number);
      idx.push(i);
      val.push(v);
      if (this.isChar[i]) nc += v * v;
      else nw += v * v;
    }
    const sw = nw > 0 ? 1 / Math.sqrt(nw) : 0;
    const sc = nc > 0 ? charWeight / Math.sqrt(nc) : 0;
    const out: SparseVec = { idx: Int32Array.from(idx), val: new Float64Array(val.length) };
    for (let k = 0; k < idx.length; k++) out.val[k] = (val[k] as number) * (this.isChar[idx[k] as number] ? sc : sw);
    return out;
  }

  /** Binary bag-of-features over the vocabulary (for naive Bayes). */
  presence(doc: Map<number, number>): SparseVec {
    const idx: number[] = [];
    const val: number[] = [];
    for (const f of doc.keys()) {
      const i = this.vocab.get(f);
      if (i === undefined) continue;
      idx.push(i);
      val.push(this.isChar[i] ? this.opts.charWeight : 1);
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  }
}

/** Numerically stable softmax of `z` divided by temperature `t`, in place. */
export function softmaxInPlace(z: Float64Array, t = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(((z[k] as number) - max) / t);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / sum;
  return z;
}

export interface SgdOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights touched by each example (lazy, standard for sparse SGD). */
  l2: number;
  seed: number;
}

/** Multinomial logistic regression: weights laid out feature-major, w[f * K + k]. */
export class SoftmaxRegression {
  readonly w: Float64Array;
  readonly b: Float64Array;

  constructor(readonly dim: number, readonly classes: number) {
    this.w = new Float64Array(dim * classes);
    this.b = new Float64Array(classes);
  }

  logits(x: SparseVec): Float64Array {
    const K = this.classes;
    const z = Float64Array.from(this.b);
    for (let j = 0; j < x.idx.length; j++) {
      const base = (x.idx[j] as number) * K;
      const v = x.val[j] as number;
      for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (this.w[base + k] as number) * v;
    }
    return z;
  }

  predictProba(x: SparseVec): Float64Array {
    return softmaxInPlace(this.logits(x));
  }

  /** SGD on the cross-entropy; `sampleWeight[i]` scales example i's gradient (class weighting). */
  fit(X: SparseVec[], y: number[], opts: SgdOptions, sampleWeight?: number[]): this {
    const K = this.classes;
    const w = this.w;
    const b = this.b;
    const rand = mulberry32(opts.seed);
    const order = X.map((_, i) => i);
    const z = new Float64Array(K);
    const decaySteps = Math.max(1, X.length / 10);
    let step = 0;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, rand);
      for (const i of order) {
        const x = X[i] as SparseVec;
        const idx = x.idx;
        const val = x.val;
        const n = idx.length;
        const lr = opts.learningRate / (1 + (0.02 * step++) / decaySteps);
        // Forward pass into the reused buffer z.
        for (let k = 0; k < K; k++) z[k] = b[k] as number;
        for (let j = 0; j < n; j++) {
          const base = (idx[j] as number) * K;
          const v = val[j] as number;
          for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (w[base + k] as number) * v;
        }
        softmaxInPlace(z);
        // Gradient of the (weighted) cross-entropy is p - onehot(y); z becomes lr * gradient.
        const sw = sampleWeight ? (sampleWeight[i] as number) : 1;
        const yi = y[i] as number;
        for (let k = 0; k < K; k++) {
          const g = ((z[k] as number) - (k === yi ? 1 : 0)) * sw * lr;
          z[k] = g;
          b[k] = (b[k] as number) - g;
        }
        const decay = 1 - lr * opts.l2;
        for (let j = 0; j < n; j++) {
          const base = (idx[j] as number) * K;
          const v = val[j] as number;
          for (let k = 0; k < K; k++) w[base + k] = (w[base + k] as number) * decay - (z[k] as number) * v;
        }
      }
    }
    return this;
  }
}

/** Multinomial naive Bayes over (weighted) feature presence; posterior = softmax(log-joint / temperature). */
export class NaiveBayes {
  readonly logLik: Float64Array;
  readonly logPrior: Float64Array;

  constructor(readonly dim: number, readonly classes: number, readonly temperature: number) {
    this.logLik = new Float64Array(dim * classes);
    this.logPrior = new Float64Array(classes);
  }

  fit(X: SparseVec[], y: number[], alpha: number): this {
    const K = this.classes;
    const counts = new Float64Array(this.dim * K);
    const totals = new Float64Array(K);
    const docs = new Float64Array(K);
    X.forEach((x, i) => {
      const c = y[i] as number;
      docs[c] = (docs[c] as number) + 1;
      for (let j = 0; j < x.idx.length; j++) {
        const at = (x.idx[j] as number) * K + c;
        counts[at] = (counts[at] as number) + (x.val[j] as number);
        totals[c] = (totals[c] as number) + (x.val[j] as number);
      }
    });
    for (let k = 0; k < K; k++) {
      this.logPrior[k] = Math.log(((docs[k] as number) + 1) / (X.length + K));
      const denom = Math.log((totals[k] as number) + alpha * this.dim);
      for (let f = 0; f < this.dim; f++) this.logLik[f * K + k] = Math.log((counts[f * K + k] as number) + alpha) - denom;
    }
    return this;
  }

  predictProba(x: SparseVec): Float64Array {
    const K = this.classes;
    const z = Float64Array.from(this.logPrior);
    for (let j = 0; j < x.idx.length; j++) {
      const base = (x.idx[j] as number) * K;
      const v = x.val[j] as number;
      for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (this.logLik[base + k] as number) * v;
    }
    return softmaxInPlace(z, this.temperature);
  }
}
