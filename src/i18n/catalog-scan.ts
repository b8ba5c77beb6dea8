import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * What the catalog check reads in the code (tests/i18n/catalogs.test.ts). The convention that makes
 * the scan reliable, for every file under src/ and inngest/:
 *
 * 1. A translator is bound to a name, with its namespace written as a string literal:
 *      const t = useTranslations("Header");            // components
 *      const t = await getTranslations("Home");        // server components
 *      const t = translator(locale, "OtpSms");         // SMS and email bodies (src/i18n/messages.ts)
 * 2. It is called with a string literal key: t("title"), t.rich("body", {...}), t.markup(…), t.has(…).
 *    A key that depends on data (a status, a category) is written out once per value in a map.
 *
 * 3. In one file, a name is bound to one namespace (tMeta and t, not t twice).
 *
 * Anything else (a translator not bound this way, a key that is not a literal) is reported as a
 * problem, so the check can trust that the keys it found are all the keys the code uses. Comments
 * are not read.
 */
export interface CatalogScan {
  /** "Namespace.key" -> where it is used (file:line) */
  used: Map<string, string[]>;
  problems: string[];
}

const TRANSLATOR_CALL = /\b(useTranslations|getTranslations|translator)\s*\(/g;
const BINDING = /(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*"([A-Za-z][\w]*)"\s*\)|(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*translator\(\s*[\w$.]+\s*,\s*"([A-Za-z][\w]*)"\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Comments blanked out (line breaks kept, so line numbers hold): examples in them are not uses. */
function withoutComments(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, " ");
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[\s;{}(])\/\/.*$/gm, (m, lead: string) => lead + blank(m.slice(lead.length)));
}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

export function scanTranslations(root: string, folders = ["src", "inngest"]): CatalogScan {
  const used = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of folders.flatMap((f) => sourceFiles(join(root, f)))) {
    const text = withoutComments(readFileSync(file, "utf8"));
    const where = (i: number) => `${relative(root, file)}:${lineOf(text, i)}`;
    const bindings = new Map<string, string>();
    const bound = new Set<number>();
    for (const m of text.matchAll(BINDING)) {
      const name = m[1] ?? m[3]!;
      const namespace = m[2] ?? m[4]!;
      if (bindings.has(name) && bindings.get(name) !== namespace) problems.push(`${where(m.index)}: "${name}" is bound to two namespaces in one file; give each its own name`);
      bindings.set(name, namespace);
      bound.add(m.index + m[0].search(/useTranslations|getTranslations|translator\(/));
    }
    for (const m of text.matchAll(TRANSLATOR_CALL)) {
      // The definitions themselves (`export function translator(`) and imports are not uses.
      const before = text.slice(Math.max(0, m.index - 20), m.index);
      if (/function\s+$/.test(before) || bound.has(m.index)) continue;
      problems.push(`${where(m.index)}: bind ${m[1]} to a name with a literal namespace (const t = ${m[1]}("Namespace"))`);
    }
    for (const [name, namespace] of bindings) {
      const call = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?:\\.(rich|markup|raw|has))?\\(\\s*([^\\s,)]*)`, "g");
      for (const m of text.matchAll(call)) {
        const arg = m[2] ?? "";
        const literal = /^"([\w.]+)"$/.exec(arg) ?? /^'([\w.]+)'$/.exec(arg);
        if (!literal) {
          problems.push(`${where(m.index)}: ${name}(${arg}…) — translation keys must be string literals`);
          continue;
        }
        const key = `${namespace}.${literal[1]}`;
        used.set(key, [...(used.get(key) ?? []), where(m.index)]);
      }
    }
  }
  return { used, problems };
}

/** A catalog's keys as "Namespace.key" (nested objects joined with dots). */
export function flattenCatalog(messages: Record<string, unknown>, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(messages)) {
    if (v !== null && typeof v === "object") for (const [kk, vv] of flattenCatalog(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

/** The arguments ({name}) and tags (<strong>) a message takes: both languages must take the same. */
export function messageArguments(message: string): string[] {
  const args = [...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => `{${m[1]}}`);
  const tags = [...message.matchAll(/<(\w+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...args, ...tags])].sort();
}
