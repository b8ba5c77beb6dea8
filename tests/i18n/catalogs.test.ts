import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { flattenCatalog, messageArguments, scanTranslations } from "@/i18n/catalog-scan";
import { CATALOG_FILES, CATALOGS } from "@/i18n/messages";
import { LOCALES } from "@/shared/locales";

// The catalog check CI runs (src/i18n/catalog-scan.ts states the convention the scan relies on).
const root = fileURLToPath(new URL("../..", import.meta.url));
const scan = scanTranslations(root);
const english = flattenCatalog(CATALOGS.en);
const hindi = flattenCatalog(CATALOGS.hi);

describe("message catalogs", () => {
  it("finds every translation in the code (translators bound with a literal namespace, keys as literals)", () => {
    expect(scan.problems).toEqual([]);
    expect(scan.used.size).toBeGreaterThan(0);
  });

  it("has every key the code uses, in every language", () => {
    for (const locale of LOCALES) {
      const keys = flattenCatalog(CATALOGS[locale]);
      const missing = [...scan.used.keys()].filter((k) => !keys.has(k)).map((k) => `${locale}: ${k} (used at ${scan.used.get(k)!.join(", ")})`);
      expect(missing).toEqual([]);
    }
  });

  it("has no key the code does not use", () => {
    expect([...english.keys()].filter((k) => !scan.used.has(k))).toEqual([]);
  });

  it("keeps each namespace in one file, the same file in every language", () => {
    const homes = (files: Record<string, object>) =>
      Object.entries(files).flatMap(([area, messages]) => Object.keys(messages).map((namespace) => `${namespace} in ${area}`));
    for (const locale of LOCALES) {
      const namespaces = homes(CATALOG_FILES[locale]).map((home) => home.split(" in ")[0]);
      expect(namespaces.filter((n, i) => namespaces.indexOf(n) !== i).map((n) => `${locale}: ${n} is in two files`)).toEqual([]);
    }
    expect(homes(CATALOG_FILES.hi).sort()).toEqual(homes(CATALOG_FILES.en).sort());
  });

  it("has the same keys in Hindi as in English", () => {
    expect([...english.keys()].filter((k) => !hindi.has(k)).map((k) => `missing in hi: ${k}`)).toEqual([]);
    expect([...hindi.keys()].filter((k) => !english.has(k)).map((k) => `missing in en: ${k}`)).toEqual([]);
  });

  it("gives each message the same arguments and tags in both languages", () => {
    const differ = [...english].filter(([k, v]) => hindi.has(k) && messageArguments(v).join() !== messageArguments(hindi.get(k)!).join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it("writes Hindi in Devanagari, not English left untranslated", () => {
    // Brand names and links may stay in Latin letters; every Hindi message has some Devanagari.
    const untranslated = [...hindi].filter(([, v]) => !/[\u0900-\u097F]/.test(v)).map(([k]) => k);
    expect(untranslated).toEqual([]);
  });
});
