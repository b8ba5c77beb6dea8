/**
 * Text normalisation and feature extraction for the triage classifier.
 *
 * Pipeline: Unicode NFKD → strip combining marks → lowercase → every run of non letter/digit
 * characters becomes one space → (optionally) a small table maps frequent misspellings and
 * Hinglish words onto one canonical English spelling ("garbadge" → "garbage", "paani" → "water").
 * Features are word unigrams, word bigrams and character n-grams of each padded word
 * (" lite " → " li", "lit", "ite", "te ", ...), which also soak up misspellings the table misses.
 */

/** Misspellings, spacing variants and common Hinglish words → canonical English. Keys are whole tokens. */
export const VARIANTS: Readonly<Record<string, string>> = {
  // light / street light
  lite: "light", lyt: "light", lyte: "light", lights: "light", lamps: "lamp", batti: "light", bathi: "light",
  streetlight: "street light", streetlights: "street light", streetlite: "street light", streetlites: "street light",
  streetlamp: "street lamp", streetlamps: "street lamp", strret: "street", streeet: "street", stret: "street", strt: "street",
  // garbage
  garbadge: "garbage", garbige: "garbage", garbaj: "garbage", garbej: "garbage", garbag: "garbage", garbeg: "garbage",
  kachra: "garbage", kachara: "garbage", kooda: "garbage", kuda: "garbage", kudaa: "garbage", rubbish: "garbage", trash: "garbage",
  // drainage
  drainge: "drainage", draynage: "drainage", drenage: "drainage", drainag: "drainage", dranage: "drainage",
  drains: "drain", nali: "drain", naali: "drain", nala: "drain", nalla: "drain", nallah: "drain", nalah: "drain", gutter: "drain",
  sewerage: "sewage", sevage: "sewage", sewer: "sewage",
  // electricity / power
  electrisity: "electricity", elecricity: "electricity", electricty: "electricity", electrcity: "electricity",
  eletricity: "electricity", bijli: "electricity", curent: "current", powr: "power", pawar: "power",
  // roads
  potholl: "pothole", pathole: "pothole", pothol: "pothole", potholes: "pothole", pothols: "pothole", potholle: "pothole",
  gaddha: "pothole", gaddhe: "pothole", gadde: "pothole", khadda: "pothole", khadde: "pothole", sadak: "road", sadke: "road",
  rd: "road", roads: "road",
  // water
  pani: "water", paani: "water", watter: "water", watr: "water", wter: "water", leek: "leak", leakage: "leak", leaking: "leak",
  // trees
  ped: "tree", pedh: "tree", trees: "tree", tre: "tree", daaliyan: "branches",
  // misc misspellings
  comming: "coming", polution: "pollution", polusion: "pollution", pollusion: "pollution", strey: "stray", bitting: "biting",
  repare: "repair", reapair: "repair", damagd: "damaged", colected: "collected", brokn: "broken", blok: "block",
  morng: "morning", agan: "again", workng: "working", wrking: "working", kutte: "dog", kutta: "dog", dogs: "dog",
  dhuan: "smoke", taar: "wire", wires: "wire", pls: "please", plz: "please", pl: "please",
};

/** Words carrying no topical signal; removed before word n-grams (not "not"/"no": they matter). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the is are was were be been being am i me my we our ours you your he she it its they them their this that these those " +
    "of in on at to for from by with as and or but so if then than there here of into onto over under about since also " +
    "has have had do does did doing done will would shall should can could may might must very too just only even " +
    "sir madam dear respected kindly please request requested requesting hi hello thanks thank regards needful " +
    "hai hain ka ki ke ko se mein me bhi aur ho raha rahi rahe kar"
  ).split(" "),
);

export interface TokenizeOptions {
  /** Apply the VARIANTS table. */
  variants: boolean;
  /** Smallest and largest character n-gram length (inclusive); 0 disables character n-grams. */
  charMin: number;
  charMax: number;
  /** Emit word bigrams. */
  bigrams: boolean;
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const COMBINING = /\p{M}+/gu;

/** Lowercase, strip accents and punctuation, collapse whitespace. */
export function normalizeText(text: string): string {
  return text.normalize("NFKD").replace(COMBINING, "").toLowerCase().replace(NON_WORD, " ").trim();
}

/** Normalised tokens, with the variants table applied if asked (a variant can expand to two tokens). */
export function tokens(text: string, variants: boolean): string[] {
  const norm = normalizeText(text);
  if (!norm) return [];
  const out: string[] = [];
  for (const t of norm.split(" ")) {
    const v = variants ? VARIANTS[t] : undefined;
    if (v === undefined) out.push(t);
    else for (const part of v.split(" ")) out.push(part);
  }
  // "pot hole(s)" written as two words.
  for (let i = 0; i + 1 < out.length; i++) {
    if (variants && out[i] === "pot" && (out[i + 1] === "hole" || out[i + 1] === "holes")) out.splice(i, 2, "pothole");
  }
  return out;
}

/**
 * Features of a text, grouped: "w:" word unigram, "b:" word bigram, "c:" character n-gram.
 * Returned as a multiset (feature → count). Deterministic: insertion order follows the text.
 */
export function extractFeatures(text: string, opts: TokenizeOptions): Map<string, number> {
  const feats = new Map<string, number>();
  const add = (f: string) => feats.set(f, (feats.get(f) ?? 0) + 1);
  const toks = tokens(text, opts.variants);
  const content = toks.filter((t) => !STOPWORDS.has(t));
  for (const t of content) add("w:" + t);
  if (opts.bigrams) for (let i = 0; i + 1 < content.length; i++) add("b:" + content[i] + "_" + content[i + 1]);
  if (opts.charMin > 0) {
    for (const t of content) {
      const padded = " " + t + " ";
      for (let n = opts.charMin; n <= opts.charMax; n++) {
        for (let i = 0; i + n <= padded.length; i++) add("c:" + padded.slice(i, i + n));
      }
    }
  }
  return feats;
}
