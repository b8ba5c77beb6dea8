/**
 * Text normalisation and feature extraction for the triage classifier.
 *
 * Pipeline: Unicode NFKD → strip Latin accents (only those: Devanagari vowel signs and virama are
 * combining marks too, and are the word) → fold Devanagari spelling variants (nukta, chandrabindu)
 * → NFC → drop invisible joiners → Devanagari digits as ASCII → lowercase → every run of
 * characters that are not letters, marks or digits becomes one space → (optionally) tables map
 * frequent misspellings and Hindi / Hinglish words onto one canonical English spelling
 * ("garbadge" → "garbage", "paani" and "पानी" → "water"), a Hinglish spelling the table does not
 * list being looked up in its folded form (foldLatin: "paaani" → "pani" → "water"). Stopwords are dropped. Features are word
 * unigrams, word bigrams, concept tags from a small domain lexicon (CONCEPTS), optionally the
 * consonant skeleton of Latin words (see skeleton(); measured by scripts/triage-eval.ts) and
 * character 3-4-grams of each space-padded word (" lite " → " li", "lit", "ite", "te ", " lit", ...),
 * which also soak up misspellings the table misses and work the same in Devanagari.
 */
import { HINDI_STOPWORDS, HINDI_VARIANTS, HINGLISH_VARIANTS } from "./lexicon-hi";

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
    "hai hain ka ki ke ko se mein me bhi aur ho raha rahi rahe kar " +
    HINDI_STOPWORDS
  ).split(" "),
);

/**
 * A small domain lexicon: each listed word (after the VARIANTS table) also emits a concept
 * feature "k:<concept>". With ~70 training reports per category, many reports use a word the
 * training set never paired with its category ("inverter", "hydrant"); the concept feature lets
 * the model share what it learned about the whole group. The weights are still learned from data.
 */
export const CONCEPTS: Readonly<Record<string, string>> = {
  light: "light lamp lamps bulb bulbs led tubelight sodium mast lamppost lampost dark darkness andhera glowing glow flickering flicker dim fused",
  power:
    "power electricity current outage outages blackout voltage transformer tripping trips shedding feeder substation phase fuse lineman bescom msedcl tneb eb discom grid inverter meter electric electrical supply cut cuts",
  wire: "wire cable cables line lines spark sparks sparking shock shocks electrocution electrocuted pole poles insulator insulators tension live",
  water:
    "water tap taps pipeline pipe pipes tanker tankers borewell handpump pump pressure valve valveman sump tank drinking jal bwssb hydrant ro leak burst supply connection",
  drain:
    "drain drainage sewage manhole manholes chamber ugd septic waterlogging waterlogged logging flooded flood flooding stagnant stagnation storm culvert silt desilting overflow overflowing backflow choked clogged blocked mosquito mosquitoes dengue",
  garbage:
    "garbage waste dustbin dustbins bin bins dump dumped dumping debris litter carcass dead sweeping sweeper landfill collection collected collector pourakarmikas segregate wet dry plastic smell stinking rotting",
  road:
    "road pothole footpath pavement asphalt tar tarmac resurfacing resurfaced breaker breakers hump bumps flyover bridge signal junction highway crater craters divider median zebra crossing kerb lane motorable relay dug digging patch gravel",
  tree: "tree branch branches trunk sapling saplings park parks garden playground swing slide lawn grass hedge hedges prune pruning trim trimming uprooted leaves roots weeds gardener",
  property:
    "shelter bench benches toilet toilets restroom encroach encroachment encroached encroaching graffiti vandalised vandalism vandalized hoarding hoardings banner banners poster posters statue hall railing railings skywalk abandoned hawkers vendors building defaced kiosk",
  safety:
    "dog stray bite bitten biting cattle cows cow bull bulls monkey monkeys snake theft robbery police patrolling drunkards harassment harassed teasing fire gas cylinder lpg collapse collapsed unsafe drug drugs ganja knife cctv leopard elephant drown drowned snatching thieves crime accident",
  env: "pollution noise loud loudspeaker loudspeakers dj music smoke dust fumes effluent effluents chemical chemicals factory industrial lake river foam froth air aqi kiln quarry mining horn horns firecrackers stench soot toxic",
  hazard:
    "spark sparks sparking shock shocks electrocution electrocuted live fire flames burning gas lpg blast explosion collapse collapsed collapsing caved fell fallen uprooted injured injuries accident bleeding drown drowned drowning uncovered open flooded trapped attacked bitten snapped hanging leaning sick diarrhoea cholera jaundice vomiting hospitalised fainting dizzy unconscious emergency rescue alarm immediately danger dangerous tilting downed falling exposed bare acid",
  admin:
    "certificate pension tax license licence card aadhaar application applied office bribe scholarship registration document documents status website app helpline complaint receipt officials suggestion",
};

export interface TokenizeOptions {
  /** Emit concept features from the CONCEPTS lexicon. */
  concepts: boolean;
  /** Apply the VARIANTS table. */
  variants: boolean;
  /** Smallest and largest character n-gram length (inclusive); 0 disables character n-grams. */
  charMin: number;
  charMax: number;
  /** Emit word bigrams. */
  bigrams: boolean;
  /** Emit the consonant skeleton of each Latin word (Hinglish spelling variants). */
  skeletons: boolean;
}

const NON_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const LATIN_ACCENT = /[\u0300-\u036f]/g;
const NUKTA = /\u093c/g;
const CHANDRABINDU = /\u0901/g;
const ANUSVARA = "\u0902";
// Zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen: not letters, and they
// would otherwise split a Devanagari conjunct typed with an explicit joiner into two tokens.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const DEVANAGARI_DIGIT = /[\u0966-\u096f]/g;

/**
 * Lowercase, strip Latin accents and punctuation, collapse whitespace; Devanagari keeps its vowel
 * signs and virama. Nukta is dropped ("ड़" and "ड" are one letter here: many keyboards and people
 * leave it out) and chandrabindu becomes anusvara (used interchangeably). NFKD first also folds
 * compatibility forms (full-width letters, ligatures) and splits the precomposed nukta letters.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(LATIN_ACCENT, "")
    .replace(NUKTA, "")
    .replace(CHANDRABINDU, ANUSVARA)
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(DEVANAGARI_DIGIT, (d) => String(d.charCodeAt(0) - 0x966))
    .toLowerCase()
    .replace(NON_WORD, " ")
    .trim();
}

const LATIN_WORD = /^[a-z]{3,}$/;

/**
 * The consonant skeleton of a Latin word, for Hinglish, which has no standard spelling: vowels and
 * "h" after the first letter go, doubled letters collapse, w→v, z→j, q→k. "gaddha", "gadda",
 * "gadhe" → "gd"; "kachra", "kchra", "kachraa" → "kchr"; "nahi", "nhi" → "nh". Undefined for
 * anything but 3+ Latin letters (a skeleton of a short word matches too much).
 */
export function skeleton(word: string): string | undefined {
  if (!LATIN_WORD.test(word)) return undefined;
  const w = word.replace(/w/g, "v").replace(/z/g, "j").replace(/q/g, "k");
  let out = w[0] as string;
  for (let i = 1; i < w.length; i++) {
    const c = w[i] as string;
    if ("aeiouyh".includes(c) || c === out[out.length - 1]) continue;
    out += c;
  }
  return out;
}

/**
 * Folds the spelling variation of Hindi written in Latin letters onto one key: ph→f, w→v, z→j,
 * q→k, ck→k, ee→i, oo→u, repeated letters once ("paani", "gaddha", "kachhra"), dh and kh read
 * as d and k ("gadha"/"gada", "khambha") and a final y read as i ("tanky"). Other aspirates stay:
 * "bhatti" (a kiln) is not "batti" (a lamp). Only for looking a word up in the Hinglish table (see
 * tokens()): features keep the word as written.
 */
export function foldLatin(word: string): string {
  return word
    .replace(/ph/g, "f")
    .replace(/w/g, "v")
    .replace(/z/g, "j")
    .replace(/ck/g, "k")
    .replace(/q/g, "k")
    .replace(/ee/g, "i")
    .replace(/oo/g, "u")
    .replace(/([a-z])\1+/g, "$1")
    .replace(/([dk])h/g, "$1")
    .replace(/y$/, "i");
}

const LATIN_TOKEN = /^[a-z]{3,}$/;

// Maps, not the plain objects: a token such as "constructor" must not hit Object.prototype.
// Keys go through normalizeText so a lexicon entry matches however the text spelled it.
const VARIANT_OF = new Map<string, string[]>(
  [...Object.entries(VARIANTS), ...HINGLISH_VARIANTS, ...HINDI_VARIANTS].map(([k, v]) => [normalizeText(k), v.split(" ")]),
);

/**
 * The keys of the Hinglish table, folded, for spellings it does not list ("gaadha", "kachhra",
 * "bizlee"). Only a word that folding changes is looked up here, so an English word spelled
 * plainly ("tar") never lands on a folded Hinglish key ("taar"); a folded key claimed by two
 * different entries is ambiguous and left out, and so are the everyday words that fold onto a
 * civic one: "baad" (after) onto "baadh" (flood), "khada" (standing) onto "khadda" (pothole).
 */
const NOT_FOLDED: ReadonlySet<string> = new Set(["baad", "khada", "khade", "khadi"]);
const FOLDED_VARIANT_OF = (() => {
  const out = new Map<string, string[] | null>();
  // A key already in folded form claims its fold outright: "pani" (water) is itself listed, so
  // "paaani" reads as water although "panni" (a plastic bag) folds onto "pani" too.
  const listed = new Set<string>();
  for (const [key, canonical] of HINGLISH_VARIANTS) {
    if (foldLatin(key) !== key) continue;
    listed.add(key);
    out.set(key, canonical.split(" "));
  }
  for (const [key, canonical] of HINGLISH_VARIANTS) {
    const folded = foldLatin(key);
    if (listed.has(folded)) continue;
    const seen = out.get(folded);
    if (seen === undefined) out.set(folded, canonical.split(" "));
    else if (seen !== null && seen.join(" ") !== canonical) out.set(folded, null);
  }
  return out;
})();

function variantOf(token: string): string[] | undefined {
  const exact = VARIANT_OF.get(token);
  if (exact !== undefined || !LATIN_TOKEN.test(token)) return exact;
  const folded = foldLatin(token);
  if (folded === token || NOT_FOLDED.has(token)) return undefined;
  return FOLDED_VARIANT_OF.get(folded) ?? undefined;
}

const CONCEPT_OF = new Map<string, string[]>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const w of words.split(" ")) {
    const list = CONCEPT_OF.get(w);
    if (list) list.push(concept);
    else CONCEPT_OF.set(w, [concept]);
  }
}

/** Normalised tokens, with the variants table applied if asked (a variant can expand to two tokens). */
export function tokens(text: string, variants: boolean): string[] {
  const norm = normalizeText(text);
  if (!norm) return [];
  const out: string[] = [];
  for (const t of norm.split(" ")) {
    const v = variants ? variantOf(t) : undefined;
    if (v === undefined) out.push(t);
    else for (const part of v) out.push(part);
  }
  if (variants) {
    // "pot hole(s)" written as two words.
    for (let i = 0; i + 1 < out.length; i++) {
      if (out[i] === "pot" && (out[i + 1] === "hole" || out[i + 1] === "holes")) out.splice(i, 2, "pothole");
    }
  }
  return out;
}

// Features are 32-bit FNV-1a hashes rather than strings: no substring allocation, and integer
// Map keys are several times faster than string keys. The lowest bit marks the block
// (1 = character n-gram, 0 = word / bigram / concept); each kind hashes with its own seed.
// Ids are kept to 30 bits so V8 stores them as small integers (fast Map keys, no boxing); with
// ~25k distinct features a collision is rare and, if it happens, deterministic and harmless.
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x2545f491;
const SEED_CONCEPT = 0x9e3779b9;
const SEED_CHAR = 0x6a09e667;
const SEED_SKELETON = 0x3c6ef372;

function hashStr(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** True if a feature id (from extractFeatures) is a character n-gram. */
export const isCharFeature = (id: number) => (id & 1) === 1;
const WORD_ID = (h: number) => h & 0x3ffffffe;
const CHAR_ID = (h: number) => (h & 0x3ffffffe) | 1;

/**
 * Features of a text as a multiset of feature ids → counts: word unigrams, word bigrams,
 * concept tags (see CONCEPTS) and character n-grams of each space-padded word
 * (" lite " → " li", "lit", "ite", "te ", " lit", ...). Deterministic: insertion order follows the text.
 */
export function extractFeatures(text: string, opts: TokenizeOptions): Map<number, number> {
  const feats = new Map<number, number>();
  const add = (id: number) => feats.set(id, (feats.get(id) ?? 0) + 1);
  const content = tokens(text, opts.variants).filter((t) => !STOPWORDS.has(t));
  const wordHash = content.map((t) => hashStr(t, SEED_WORD));
  for (const h of wordHash) add(WORD_ID(h));
  if (opts.bigrams) {
    for (let i = 0; i + 1 < content.length; i++) {
      add(WORD_ID(Math.imul((wordHash[i] as number) ^ SEED_BIGRAM, FNV_PRIME) ^ (wordHash[i + 1] as number)));
    }
  }
  if (opts.concepts) for (const t of content) for (const c of CONCEPT_OF.get(t) ?? []) add(WORD_ID(hashStr(c, SEED_CONCEPT)));
  if (opts.skeletons) {
    for (const t of content) {
      const sk = skeleton(t);
      if (sk !== undefined) add(WORD_ID(hashStr(sk, SEED_SKELETON)));
    }
  }
  if (opts.charMin > 0) {
    for (const t of content) {
      const padded = " " + t + " ";
      const L = padded.length;
      for (let i = 0; i < L; i++) {
        let h = SEED_CHAR;
        for (let n = 1; n <= opts.charMax && i + n <= L; n++) {
          h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
          if (n >= opts.charMin) add(CHAR_ID(Math.imul(h ^ n, FNV_PRIME)));
        }
      }
    }
  }
  return feats;
}
