import superjson from "superjson";
import { AppError } from "../domain/errors";

/**
 * Checks every procedure's raw input gets before its schema sees it: what no schema of ours asks
 * for, but that would fail deep down (in PostgreSQL, or in a recursive walk) as a 500 instead of
 * being refused as bad input. Dates are checked by the one date schema (domain/input.schemas.ts),
 * page cursors where they are decoded (domain/pagination.ts).
 */

/** Deeper than any input of ours (the deepest, moderateBulk's items, is three levels). */
export const MAX_INPUT_DEPTH = 8;

/** The superjson types the app's inputs use: `undefined` fields, Dates (the admin filters), NaN/±Infinity/-0 from a bad number field. */
const ALLOWED_TYPES = new Set(["undefined", "Date", "number"]);

function invalid(field: string, message: string): AppError {
  return new AppError("INVALID_INPUT", message, { field });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Whether a key of the caller's may name the field in an error. The answer is serialized with
 * superjson, which refuses keys such as `__proto__` (the field becomes a key of `fieldErrors`), and
 * a field name is no place for whatever else a caller sent as a key.
 */
const isPrototypeKey = (key: string) => key === "__proto__" || key === "constructor" || key === "prototype";
const isNameable = (key: string) => /^[A-Za-z0-9_-]{1,64}$/.test(key) && !isPrototypeKey(key);

/** A leaf annotation (`["Date"]`): a type that holds no further values, so it cannot nest or cycle. */
const isAllowedLeaf = (tree: unknown) => Array.isArray(tree) && tree.length === 1 && typeof tree[0] === "string" && ALLOWED_TYPES.has(tree[0]);

/**
 * Refuses a superjson payload whose annotations go beyond what the client sends (see
 * src/lib/trpc.tsx and the inputs' schemas): only leaf annotations of the allowed types, and shared
 * references only between such leaves (the same Date sent as `from` and `to`). Class, custom,
 * symbol and container annotations, and references that rebuild the tree into a cycle, never reach
 * superjson, which otherwise throws or recurses until the stack runs out.
 */
export function checkSuperjsonEnvelope(payload: unknown): { json?: unknown; meta?: { values?: unknown; referentialEqualities?: unknown } } {
  const notSuperjson = () => invalid("input", "must be superjson: an object with `json` and an optional `meta`");
  if (!isPlainObject(payload) || Object.keys(payload).some((k) => k !== "json" && k !== "meta")) throw notSuperjson();
  const meta = payload.meta;
  if (meta === undefined) return payload;
  if (!isPlainObject(meta) || Object.keys(meta).some((k) => k !== "values" && k !== "referentialEqualities" && k !== "v")) throw notSuperjson();
  if (meta.v !== undefined && meta.v !== 1) throw invalid("input", "uses a superjson format this server does not read");

  const values = meta.values;
  const annotated = new Set<string>();
  if (values !== undefined) {
    if (isAllowedLeaf(values)) annotated.add("");
    else if (isPlainObject(values)) {
      for (const [path, tree] of Object.entries(values)) {
        if (!isAllowedLeaf(tree)) throw unsupported(path, tree);
        if (path.split(".").some(isPrototypeKey)) throw invalid("input", "annotates a property no input has");
        annotated.add(path);
      }
    } else throw unsupported("", values);
  }

  const shared = meta.referentialEqualities;
  if (shared !== undefined) {
    const ok =
      isPlainObject(shared) &&
      Object.entries(shared).every(([path, others]) => annotated.has(path) && path !== "" && Array.isArray(others) && others.every((o) => typeof o === "string" && o !== "" && annotated.has(o)));
    if (!ok) throw invalid("input", "may share references only between dates or other single values");
  }
  return payload;
}

function unsupported(path: string, tree: unknown): AppError {
  const type = Array.isArray(tree) ? tree[0] : tree;
  const name = typeof type === "string" ? type : Array.isArray(type) && typeof type[0] === "string" ? type[0] : typeof type;
  return invalid(path !== "" && path.split(".").every(isNameable) ? path : "input", `carries a superjson type this server does not accept (${name.slice(0, 40)}); send ${[...ALLOWED_TYPES].join(", ")} only`);
}

/**
 * superjson for the answers; for inputs, superjson behind the envelope check. Decoding in place
 * skips superjson's recursive copy of the freshly parsed body (nothing else holds it), so a deeply
 * nested body reaches the depth check in findUnsafeInput instead of overflowing the stack.
 */
export const inputTransformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (payload: unknown) => superjson.deserialize(checkSuperjsonEnvelope(payload) as Parameters<typeof superjson.deserialize>[0], { inPlace: true }),
  },
  output: superjson,
};

/**
 * The first value in `input` no procedure may take, as the AppError naming its field: a string with
 * a NUL character (PostgreSQL's text cannot store one; the query would fail), or nesting deeper
 * than MAX_INPUT_DEPTH. Walks with an explicit stack, so no input can exhaust the call stack.
 */
export function findUnsafeInput(input: unknown): AppError | null {
  const stack: [unknown, string[]][] = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    const field = path.length > 0 && path.every(isNameable) ? path.join(".") : "input";
    if (typeof value === "string") {
      if (value.includes("\u0000")) return invalid(field, "must not contain the NUL character (\\u0000)");
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) return invalid(field, "is nested too deeply");
    // Pushed last-first, so the first bad field in the input's own order is the one named.
    const entries = Array.isArray(value) ? Array.from(value, (item, i) => [String(i), item] as const) : isPlainObject(value) ? Object.entries(value) : [];
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], [...path, entries[i]![0]]]);
  }
  return null;
}
