import { describe, expect, it } from "vitest";
import { DEFAULT_HYPERPARAMS } from "@/server/triage";
import { extractFeatures, foldLatin, normalizeText, skeleton, tokens } from "@/server/triage/tokenize";

const feats = (text: string) => extractFeatures(text, DEFAULT_HYPERPARAMS.tokenize);

describe("normalizeText: Devanagari", () => {
  it("keeps vowel signs and virama (they are combining marks, and part of the word)", () => {
    expect(normalizeText("पानी नहीं आ रहा")).toBe("पानी नहीं आ रहा");
    expect(normalizeText("गड्ढा")).toBe("गड्ढा");
    expect(normalizeText("बिजली")).not.toBe(normalizeText("बजली"));
  });

  it("treats danda and other punctuation as separators", () => {
    expect(normalizeText("सड़क टूटी है। जल्दी ठीक करें!!")).toBe("सडक टूटी है जल्दी ठीक करें");
  });

  it("folds nukta, whether precomposed or typed as a separate sign, and typed without it", () => {
    const precomposed = "\u0938\u095c\u0915"; // स ड़(U+095C) क
    const combining = "\u0938\u0921\u093c\u0915"; // स ड + nukta क
    const bare = "\u0938\u0921\u0915"; // स ड क
    expect(normalizeText(precomposed)).toBe(normalizeText(bare));
    expect(normalizeText(combining)).toBe(normalizeText(bare));
    expect(normalizeText("ज़्यादा")).toBe(normalizeText("ज्यादा"));
  });

  it("treats chandrabindu and anusvara alike", () => {
    expect(normalizeText("धुआँ")).toBe(normalizeText("धुआं"));
  });

  it("reads Devanagari digits as ASCII digits", () => {
    expect(normalizeText("३ दिन से")).toBe("3 दिन से");
    expect(normalizeText("वार्ड २३")).toBe(normalizeText("वार्ड 23"));
  });

  it("drops zero-width joiners instead of splitting the word", () => {
    expect(normalizeText("क्\u200dष")).toBe("क्ष");
    expect(normalizeText("स्ट्री\u200cट")).toBe("स्ट्रीट");
    expect(normalizeText("पा\u200bनी")).toBe("पानी");
  });

  it("still strips Latin accents and folds compatibility forms", () => {
    expect(normalizeText("Café ＲＯＡＤ")).toBe("cafe road");
  });
});

describe("tokens: Hindi and Hinglish onto the English vocabulary", () => {
  it("maps Devanagari civic words (with and without nukta) onto the canonical English token", () => {
    expect(tokens("सड़क पर गड्ढा", true)).toEqual(["road", "पर", "pothole"]);
    expect(tokens("सडक पर गढ्ढा", true)).toEqual(["road", "पर", "pothole"]);
    expect(tokens("बिजली नहीं है", true)).toEqual(["electricity", "नहीं", "है"]);
    expect(tokens("कूड़ा नहीं उठा", true)).toEqual(tokens("कूडा नहीं उठा", true));
  });

  it("maps Hinglish spelling variants onto one token", () => {
    for (const w of ["gadda", "gaddha", "khadda", "gaddhe"]) expect(tokens(w, true)).toEqual(["pothole"]);
    for (const w of ["pani", "paani", "pni"]) expect(tokens(w, true)).toEqual(["water"]);
    for (const w of ["kachra", "kchra", "kooda", "kuda"]) expect(tokens(w, true)).toEqual(["garbage"]);
    expect(tokens("bijli", true)).toEqual(["electricity"]);
    expect(tokens("sadak pe bada gadda hai", true)).toEqual(["road", "pe", "bada", "pothole", "hai"]);
  });

  it("leaves words alone without the variants table", () => {
    expect(tokens("paani", false)).toEqual(["paani"]);
  });
});

describe("foldLatin: Hinglish spellings the table does not list", () => {
  it("folds repeated letters, ee/oo, w/v, z/j, ph/f, dh/kh and a final y", () => {
    expect(foldLatin("paaani")).toBe(foldLatin("pani"));
    expect(foldLatin("gaadha")).toBe(foldLatin("gadda"));
    expect(foldLatin("bizlee")).toBe(foldLatin("bijli"));
    expect(foldLatin("phool")).toBe("ful");
    expect(foldLatin("kharaab")).toBe("karab");
    expect(foldLatin("tanky")).toBe(foldLatin("tanki"));
    expect(foldLatin("awaara")).toBe(foldLatin("aavara"));
  });

  it("finds the table entry of an unlisted spelling", () => {
    for (const w of ["gaadha", "gaddhaa", "khaddaa"]) expect(tokens(w, true), w).toEqual(["pothole"]);
    for (const w of ["paaani", "panii"]) expect(tokens(w, true), w).toEqual(["water"]);
    for (const w of ["bizlee", "bijlii"]) expect(tokens(w, true), w).toEqual(["electricity"]);
    for (const w of ["kachhra", "kachraaa", "kachdaa"]) expect(tokens(w, true), w).toEqual(["garbage"]);
    expect(tokens("naaliii", true)).toEqual(["drain"]);
  });

  it("leaves English words and everyday Hindi words that fold onto a civic word alone", () => {
    // "tar" is unchanged by folding, so it is not looked up among folded keys ("taar", wire).
    expect(tokens("tar road", true)).toEqual(["tar", "road"]);
    expect(tokens("baad me", true)).toEqual(["baad", "me"]);
    expect(tokens("paani khada hai", true)).toEqual(["water", "khada", "hai"]);
    expect(tokens("bhatti", true)).toEqual(["bhatti"]);
    expect(tokens("street", true)).toEqual(["street"]);
  });

  it("is off with the variants table", () => {
    expect(tokens("gaadha", false)).toEqual(["gaadha"]);
  });
});

describe("skeleton: Hinglish spellings without a table entry", () => {
  it("collapses vowels, h and doubled letters", () => {
    expect(skeleton("gaddha")).toBe("gd");
    expect(skeleton("gadhe")).toBe("gd");
    expect(skeleton("kachraa")).toBe(skeleton("kchra"));
    expect(skeleton("nahi")).toBe(skeleton("nhi"));
    expect(skeleton("bahut")).toBe(skeleton("bhut"));
    expect(skeleton("zyada")).toBe(skeleton("jyada"));
  });

  it("is only defined for Latin words of three letters or more", () => {
    expect(skeleton("pe")).toBeUndefined();
    expect(skeleton("सड़क")).toBeUndefined();
    expect(skeleton("3rd")).toBeUndefined();
  });

  it("gives two spellings of a word a shared feature when switched on", () => {
    const on = { ...DEFAULT_HYPERPARAMS.tokenize, skeletons: true, charMin: 0 };
    const a = extractFeatures("ukhdi", on);
    const b = extractFeatures("ukhadi", on);
    const shared = [...a.keys()].filter((k) => b.has(k));
    expect(shared.length).toBeGreaterThan(0);
    const off = { ...DEFAULT_HYPERPARAMS.tokenize, skeletons: false, charMin: 0 };
    const a0 = extractFeatures("ukhdi", off);
    const b0 = extractFeatures("ukhadi", off);
    expect([...a0.keys()].filter((k) => b0.has(k))).toHaveLength(0);
  });
});

describe("extractFeatures on Devanagari", () => {
  it("produces character n-grams inside Devanagari words, so unseen inflections share features", () => {
    const a = feats("नालियों");
    const b = feats("नालियां");
    expect([...a.keys()].filter((k) => b.has(k)).length).toBeGreaterThan(2);
  });

  it("gives the same features to the nukta and nukta-less spellings", () => {
    expect([...feats("पेड़ गिरा")]).toEqual([...feats("पेड गिरा")]);
  });
});
