/**
 * A property-based fuzz of every tRPC procedure (fast-check). The property: whatever a caller sends,
 * the answer is never a 5xx. Bad input is the caller's fault and gets a 4xx; a 5xx means input
 * reached somewhere (PostgreSQL, superjson, a recursive walk) that failed on it instead of refusing it.
 *
 * The procedure list is read from the router, as the authorization matrix does, so a new procedure
 * is fuzzed without anyone adding it here. Inputs are built from each procedure's own zod schema
 * (so many get past validation and into the domain and the database) with hostile values mixed in
 * at every level: NUL bytes, lone surrogates, huge strings, wrong types, deep nesting, dates and
 * numbers beyond what PostgreSQL holds, forged page cursors. Over HTTP it also sends batches,
 * superjson annotation tricks, garbage bodies, paths and cookies.
 *
 * Two runners share the generators:
 * - fuzzInProcess: through a caller per identity (createCaller), for `npm test`.
 * - fuzzHttp: against a base URL with a session cookie per identity (or any `send` function taking a
 *   Request, such as the Next route handler itself); tests/faults/fuzz-http.ts is its entry for the
 *   fault suite against a production build.
 */
import fc from "fast-check";
import superjson from "superjson";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { MAX_BATCH_SIZE } from "@/server/trpc/http";
import { appRouter } from "@/server/trpc/root";

export type Who = "anonymous" | "citizen" | "admin";
export const CALLERS: readonly Who[] = ["anonymous", "citizen", "admin"];

export interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  /** The procedure's zod input schema, if it takes one. */
  input: unknown;
}

/** Every procedure of the app's router, read from the router itself. */
export function routerProcedures(): Procedure[] {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: Procedure["type"]; inputs: unknown[] } }> }).procedures;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, input: p._def.inputs[0] }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Values the server handed out (ids, references, page cursors), so generated inputs reach real rows. */
export interface Known {
  ids: string[];
  refs: string[];
  cursors: string[];
}

const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const REF_TEXT = /CL-\d{4}-\d{6,}/g;
const CURSOR_TEXT = /"nextCursor":"([A-Za-z0-9_-]+)"/g;

/** Ids, references and cursors found anywhere in some answers (JSON text or values). */
export function harvestKnown(answers: unknown[]): Known {
  const text = answers.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join("\n");
  const unique = (xs: string[]) => [...new Set(xs)].slice(0, 200);
  return {
    ids: unique(text.match(UUID_TEXT) ?? []),
    refs: unique(text.match(REF_TEXT) ?? []),
    cursors: unique([...text.matchAll(CURSOR_TEXT)].map((m) => m[1]!)),
  };
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const SOME_ID = "0b6d7a0e-0c39-4c5e-9d1a-3f6f0f8f2a11";

/** Page cursors as a client could forge them: out-of-range dates, ids that are not uuids, other formats. */
const forgedCursor = fc.oneof(
  fc.constantFrom(
    b64(`-100000-01-01T00:00:00.000Z|${SOME_ID}`),
    b64(`+275760-09-13T00:00:00.000Z|${SOME_ID}`),
    b64(`0000-01-01T00:00:00.000Z|${SOME_ID}`),
    b64(`2026-01-01T00:00:00.000Z|${"-".repeat(36)}`),
    b64(`2026-01-01T00:00:00.000Z|${SOME_ID}|extra`),
    b64(`2026-01-01T00:00:00.000Z|${SOME_ID}\u0000`),
    b64(JSON.stringify({ b: 1e300, p: 0, at: "2026-01-01T00:00:00.000Z", id: SOME_ID })),
    b64(JSON.stringify({ b: 0, p: -5, at: "-100000-01-01", id: SOME_ID })),
    b64(JSON.stringify({ b: 0, p: 0, at: "2026-01-01", id: "x" })),
    b64("null"),
    b64("[]"),
    "%%%",
    "",
  ),
  fc.tuple(fc.date({ noInvalidDate: false }), fc.oneof(fc.uuid(), fc.string())).map(([d, id]) => b64(`${Number.isNaN(d.getTime()) ? "x" : d.toISOString()}|${id}`)),
  fc.string({ maxLength: 60 }).map(b64),
);

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "\uDFFFx",
    "%00",
    "' or 1=1 --",
    "\\",
    "__proto__",
    "constructor",
    "NaN",
    "-".repeat(36),
    "00000000-0000-0000-0000-000000000000",
    "CL-0000-000000",
    "CL-2026-999999999999999999999999",
    "-100000-01-01T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "0000-01-01",
    "9999-12-31T23:59:59.999Z",
    "\u202e\u200b\ufeff",
    "😀".repeat(100),
    "+91",
    "+0000000000000000",
  ),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ maxLength: 120 }).map((s) => `${s}\u0000`),
  fc.integer({ min: 1_000, max: 80_000 }).map((n) => "x".repeat(n)),
  forgedCursor,
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 63, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, 0.5, -1, 5e-324),
  fc.double(),
  fc.integer(),
);

const hostileDate: fc.Arbitrary<Date> = fc.oneof(
  fc.constantFrom(new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15), new Date("0000-06-01T00:00:00.000Z"), new Date("+010000-01-01T00:00:00.000Z")),
  fc.date({ noInvalidDate: false }),
);

/** Arrays nested `depth` levels, built without recursion. */
const nested = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: hostileDate },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, 10n, [null], { "": "" }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 200 }).map(nested) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{}}}') as unknown) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withUnicodeString: true }) },
);

// ---------------------------------------------------------------------------------------------
// Inputs built from the procedures' schemas
// ---------------------------------------------------------------------------------------------
interface ZodDef {
  type: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  entries?: Record<string, string>;
  options?: unknown[];
}
const defOf = (schema: unknown): ZodDef | undefined => (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;

/** A plausible string for a field, judged by its name; sometimes one the server handed out. */
function stringFor(field: string, known: Known): fc.Arbitrary<string> {
  const pick = (xs: string[], fallback: fc.Arbitrary<string>) => (xs.length > 0 ? fc.oneof(fc.constantFrom(...xs), fallback) : fallback);
  if (/^id$|Id$|^duplicateOf$/.test(field)) return pick([...known.ids, ...known.refs], fc.oneof(fc.uuid(), fc.constantFrom("CL-2026-000001", SOME_ID)));
  if (field === "cursor") return pick(known.cursors, forgedCursor);
  if (field === "email") return fc.oneof(fc.emailAddress(), fc.constant(""));
  if (field === "phone") return fc.oneof(fc.stringMatching(/^\+91[6-9]\d{9}$/), fc.stringMatching(/^\+?\d{4,15}$/));
  if (field === "token") return fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ minLength: 32, maxLength: 80 }));
  return fc.string({ maxLength: 140 });
}

/** Occasionally hostile in place of the plausible value: every field, at every level, gets its turn. */
const orHostile = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: hostileValue });

/** A value shaped like what `schema` accepts, with hostile values mixed in at every level. */
export function inputFor(schema: unknown, known: Known, field = ""): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def?.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
      return fc.option(inputFor(def.innerType, known, field), { nil: undefined, freq: 4 });
    case "pipe":
      return inputFor(def.in, known, field);
    case "object": {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([key, s]) => [key, orHostile(inputFor(s, known, key))]));
      return fc.record(fields, { requiredKeys: Object.keys(shape).filter((k) => defOf(shape[k])?.type !== "optional") });
    }
    case "array":
      return fc.array(orHostile(inputFor(def.element, known, field)), { maxLength: 4 });
    case "enum":
      return fc.constantFrom(...Object.values(def.entries ?? { x: "x" }));
    case "union":
      return fc.oneof(...(def.options ?? []).map((o) => inputFor(o, known, field)));
    case "string":
      return stringFor(field, known);
    case "number":
      return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.double({ min: -200, max: 200, noNaN: true }));
    case "date":
      return fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true });
    case "boolean":
      return fc.boolean();
    default:
      return hostileValue;
  }
}

/** A procedure's input: mostly shaped by its schema, sometimes hostile as a whole. */
export function procedureInput(proc: Procedure, known: Known): fc.Arbitrary<unknown> {
  if (proc.input === undefined) return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue });
  return fc.oneof({ weight: 6, arbitrary: inputFor(proc.input, known) }, { weight: 1, arbitrary: hostileValue });
}

// ---------------------------------------------------------------------------------------------
// In-process runner
// ---------------------------------------------------------------------------------------------
export interface InProcessOptions {
  /** Calls `path` as `who` with `input` (a createCaller per identity). */
  call: (who: Who, path: string, input: unknown) => Promise<unknown>;
  runsPerProcedure: number;
  known?: Known;
  seed?: number;
  procedures?: Procedure[];
}

/** A call's failure as the 5xx it would be over HTTP, or null when it was refused as a 4xx (or succeeded). */
function serverFault(err: unknown): string | null {
  if (!(err instanceof TRPCError)) return `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  const status = getHTTPStatusCodeFromError(err);
  if (status < 500) return null;
  const cause = err.cause instanceof Error ? `${err.cause.name}: ${err.cause.message}` : err.message;
  return `${status} ${err.code}: ${cause}`;
}

/** Every procedure, `runsPerProcedure` inputs each, across the callers: fails on the first 5xx (shrunk to a small input). */
export async function fuzzInProcess(opts: InProcessOptions): Promise<void> {
  const known = opts.known ?? { ids: [], refs: [], cursors: [] };
  for (const proc of opts.procedures ?? routerProcedures()) {
    const property = fc.asyncProperty(fc.constantFrom(...CALLERS), procedureInput(proc, known), async (who, input) => {
      const fault = await opts.call(who, proc.path, input).then(
        () => null,
        (err: unknown) => serverFault(err),
      );
      if (fault) throw new Error(`${proc.path} as ${who} answered ${fault}`);
    });
    await fc.assert(property, { numRuns: opts.runsPerProcedure, seed: opts.seed });
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP runner
// ---------------------------------------------------------------------------------------------
export interface HttpOptions {
  /** Origin of the app, e.g. http://127.0.0.1:3000 (tRPC is at /api/trpc). */
  baseUrl: string;
  /** A Cookie header per signed-in identity (anonymous sends none unless given). */
  cookies: Partial<Record<Who, string>>;
  /** Requests to send in all; each procedure gets an equal share of most of them. */
  runs: number;
  known?: Known;
  seed?: number;
  /** How a Request is delivered: fetch by default; a route handler's GET/POST to skip the network. */
  send?: (req: Request) => Promise<Response>;
  /** A request answered later than this counts as a failure (a hang is a fault too). */
  timeoutMs?: number;
  procedures?: Procedure[];
}

export interface HttpReport {
  requests: number;
  /** How many answers had each status. */
  statuses: Record<number, number>;
}

/** A request to send, described as data so fast-check can print and shrink it. */
export interface RequestSpec {
  who: Who;
  method: string;
  /** Path and query after /api/trpc/. */
  target: string;
  contentType?: string;
  body?: string;
  /** A Cookie header in place of the identity's (forged or broken sessions). */
  cookie?: string;
}

type Encoding = "superjson" | "bare" | "meta-trick";

/** Annotations no client of ours sends: the types and references superjson would otherwise act on. */
const hostileMeta: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    { values: [["class", "Foo"]], v: 1 },
    { values: [["custom", "Foo"]], v: 1 },
    { values: [["symbol", "Foo"]], v: 1 },
    { values: [["typed-array", "Uint8Array"]], v: 1 },
    { values: ["bigint"], v: 1 },
    { values: ["regexp"], v: 1 },
    { values: ["map"], v: 1 },
    { values: ["set"], v: 1 },
    { values: ["Error"], v: 1 },
    { values: ["URL"], v: 1 },
    { values: "values", v: 1 },
    { values: [["set"], { "0": ["Date"] }], v: 1 },
    { values: { "__proto__.polluted": ["undefined"] }, v: 1 },
    { values: { "a.b.c.d.e.f": ["Date"] }, v: 1 },
    { referentialEqualities: [[""]], v: 1 },
    { referentialEqualities: [["x"], { x: ["x.y"] }], v: 1 },
    { referentialEqualities: { x: ["x.y.z"] }, v: 1 },
    { values: { x: ["Date"], y: ["Date"] }, referentialEqualities: { x: ["y"] }, v: 1 },
    { v: 0 },
    { v: "1" },
    { values: null },
    [],
    "meta",
  ),
  fc.record({ values: fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.constant(["Date"]), fc.constant(["undefined"]), fc.anything({ maxDepth: 2 }))), v: fc.constantFrom(1, undefined) }),
);

/** The superjson envelope of `input`, as the client would send it or as an attacker might bend it. */
function envelope(input: unknown, encoding: Encoding, meta: unknown): unknown {
  if (encoding === "bare") return input;
  let wrapped: { json: unknown; meta?: unknown };
  try {
    wrapped = superjson.serialize(input) as { json: unknown; meta?: unknown };
  } catch {
    wrapped = { json: null };
  }
  return encoding === "meta-trick" ? { json: wrapped.json ?? { x: "x" }, meta } : wrapped;
}

/** JSON text of a value, or of null for what JSON cannot carry (cycles, bigints superjson did not take). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return "null";
  }
}

function callSpec(proc: Procedure, who: Who, input: unknown, encoding: Encoding, meta: unknown, wrongMethod: boolean): RequestSpec {
  const asGet = (proc.type === "query") !== wrongMethod;
  const text = jsonText(envelope(input, encoding, meta));
  return asGet
    ? { who, method: "GET", target: `${proc.path}?input=${encodeURIComponent(text)}` }
    : { who, method: "POST", target: proc.path, contentType: "application/json", body: text };
}

/** One procedure called as the client would call it, mostly; sometimes with the wrong method or bent superjson. */
function callArb(proc: Procedure, known: Known): fc.Arbitrary<RequestSpec> {
  return fc
    .tuple(
      fc.constantFrom(...CALLERS),
      procedureInput(proc, known),
      fc.constantFrom<Encoding>("superjson", "superjson", "superjson", "superjson", "superjson", "bare", "meta-trick"),
      hostileMeta,
      fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    )
    .map(([who, input, encoding, meta, wrongMethod]) => callSpec(proc, who, input, encoding, meta, wrongMethod));
}

/** Requests no procedure's schema describes: batches, garbage bodies and paths, broken sessions, deep nesting. */
function trickArb(procs: Procedure[], known: Known): fc.Arbitrary<RequestSpec> {
  const who = fc.constantFrom(...CALLERS);
  const batch = fc
    .tuple(who, fc.array(fc.constantFrom(...procs), { minLength: 2, maxLength: MAX_BATCH_SIZE + 4 }), fc.boolean())
    .chain(([w, batchProcs, asGet]) =>
      fc.tuple(...batchProcs.map((p) => procedureInput(p, known))).map((inputs): RequestSpec => {
        const paths = batchProcs.map((p) => p.path).join(",");
        const body = jsonText(Object.fromEntries(inputs.map((input, i) => [i, envelope(input, "superjson", null)])));
        return asGet
          ? { who: w, method: "GET", target: `${paths}?batch=1&input=${encodeURIComponent(body)}` }
          : { who: w, method: "POST", target: `${paths}?batch=1`, contentType: "application/json", body };
      }),
    );
  const garbageBody = fc
    .tuple(
      who,
      fc.constantFrom(...procs),
      fc.oneof(
        fc.constantFrom("", "{", "[]", "null", "0", '"x"', '{"json":', '{"0":{"json":1}}', "\u0000", '{"json":"\\ud800"}'),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.integer({ min: 100, max: 30_000 }).map((n) => `{"json":{"x":${"[".repeat(n)}${"]".repeat(n)}}}`),
        fc.integer({ min: 60_000, max: 80_000 }).map((n) => `{"json":{"title":"${"x".repeat(n)}"}}`),
      ),
      fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x", "application/octet-stream", "application/json; charset=utf-16", undefined),
      fc.constantFrom("POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
    )
    .map(([w, p, body, contentType, method]): RequestSpec => ({ who: w, method, target: p.path, body, contentType }));
  const garbagePath = fc
    .tuple(
      who,
      fc.oneof(
        fc.constantFrom("%E0%A4%A", "%", "reports.feed%00", "..%2F..%2Fadmin.users", "", ",", ",,,,,,,,,,,,", "reports", "reports.feed.x", "__proto__", "constructor.prototype"),
        fc.string({ maxLength: 60 }).map(encodeURIComponent),
        fc.integer({ min: 100, max: 3_000 }).map((n) => "a".repeat(n)),
      ),
      fc.constantFrom("", "?batch=1", "?batch=1&input=%7B%7D", "?input=%", "?input=%7B", "?batch=x", "?connectionParams=%7B", "?connectionParams=1"),
    )
    .map(([w, path, query]): RequestSpec => ({ who: w, method: "GET", target: `${path}${query}` }));
  const brokenSession = fc
    .tuple(
      fc.constantFrom(...procs.filter((p) => p.type === "query")),
      fc.oneof(
        fc.constantFrom("next-auth.session-token=", "next-auth.session-token=x", "next-auth.session-token.0=a; next-auth.session-token.1=b", "__Secure-next-auth.session-token=eyJ"),
        fc.string({ maxLength: 200 }).map((s) => `next-auth.session-token=${encodeURIComponent(s)}`),
      ),
    )
    .map(([p, cookie]): RequestSpec => ({ who: "anonymous", method: "GET", target: p.path, cookie }));
  return fc.oneof({ weight: 3, arbitrary: batch }, { weight: 2, arbitrary: garbageBody }, { weight: 2, arbitrary: garbagePath }, { weight: 1, arbitrary: brokenSession });
}

function toRequest(spec: RequestSpec, opts: HttpOptions): Request {
  const headers = new Headers();
  const cookie = spec.cookie ?? opts.cookies[spec.who];
  if (cookie) headers.set("cookie", cookie);
  if (spec.contentType) headers.set("content-type", spec.contentType);
  return new Request(`${opts.baseUrl}/api/trpc/${spec.target}`, {
    method: spec.method,
    headers,
    body: spec.body !== undefined && spec.method !== "GET" && spec.method !== "HEAD" ? spec.body : undefined,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
}

/**
 * `runs` requests against a running app: about nine in ten call one procedure (each procedure an
 * equal share, so all are covered), the rest are batches and malformed requests. Fails on the first
 * 5xx or a request that times out; otherwise reports how many answers had each status.
 */
export async function fuzzHttp(opts: HttpOptions): Promise<HttpReport> {
  const procs = opts.procedures ?? routerProcedures();
  const known = opts.known ?? { ids: [], refs: [], cursors: [] };
  const send = opts.send ?? ((req: Request) => fetch(req));
  const report: HttpReport = { requests: 0, statuses: {} };
  const check = async (spec: RequestSpec) => {
    report.requests += 1;
    let status: number;
    let body = "";
    try {
      const res = await send(toRequest(spec, opts));
      status = res.status;
      body = await res.text();
    } catch (err) {
      throw new Error(`${spec.method} /api/trpc/${spec.target.slice(0, 200)} got no answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (status >= 500) throw new Error(`${spec.method} /api/trpc/${spec.target.slice(0, 200)} as ${spec.who} answered ${status}: ${body.slice(0, 500)}`);
  };
  const perProcedure = Math.max(1, Math.floor((opts.runs * 0.9) / procs.length));
  for (const proc of procs) {
    await fc.assert(fc.asyncProperty(callArb(proc, known), check), { numRuns: perProcedure, seed: opts.seed });
  }
  const tricks = Math.max(1, opts.runs - perProcedure * procs.length);
  await fc.assert(fc.asyncProperty(trickArb(procs, known), check), { numRuns: tricks, seed: opts.seed });
  return report;
}

/**
 * Ids, references and cursors the app hands these callers, found by asking it (list pages and the
 * admin views). The callers' own ids are left out: an admin fuzzing setRole on the citizen it is
 * fuzzing with would end that citizen's session, and the rest of the run would test sign-in only.
 */
export async function discoverKnown(opts: Pick<HttpOptions, "baseUrl" | "cookies" | "send">): Promise<Known> {
  const send = opts.send ?? ((req: Request) => fetch(req));
  const ask = async (path: string, who: Who, input: unknown) => {
    const cookie = opts.cookies[who];
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    const res = await send(new Request(`${opts.baseUrl}/api/trpc/${path}${query}`, { headers: cookie ? { cookie } : {} }));
    return res.text();
  };
  const [callers, ...answers] = await Promise.all([
    Promise.all([ask("profile.me", "citizen", undefined), ask("profile.me", "admin", undefined)]),
    ask("reports.feed", "anonymous", { limit: 5 }),
    ask("reports.mine", "citizen", { limit: 5 }),
    ask("admin.queue", "admin", { limit: 5 }),
    ask("admin.users", "admin", { limit: 20 }),
    ask("admin.tasks", "admin", undefined),
    ask("admin.auditLog", "admin", { limit: 5 }),
  ]);
  const own = new Set(callers.flatMap((me) => [...(me.match(/"id":"([0-9a-f-]{36})"/) ?? [])].slice(1)));
  const known = harvestKnown(answers);
  return { ...known, ids: known.ids.filter((id) => !own.has(id)) };
}
