/**
 * The tRPC input edge, through the real HTTP glue of both entry points (the production server's
 * handler and the Next route): inputs PostgreSQL or superjson cannot take are refused with a 400
 * naming the field before any procedure's work, and batches are capped.
 */
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/server/db/schema";
import { MAX_BATCH_SIZE } from "@/server/trpc/http";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { useTestDb } from "../../support/test-db";
import { sessionCookie } from "../../faults/session-cookie";
import { nextRouteTarget, productionHandlerTarget, type TrpcTarget } from "../../faults/trpc-targets";

const db = useTestDb();
const users = {} as Record<Role, Awaited<ReturnType<typeof createUser>>>;
const cookies = {} as Record<Role, string>;
beforeAll(async () => {
  for (const role of ["citizen", "moderator", "admin"] as const) {
    users[role] = await createUser(db(), { role });
    cookies[role] = await sessionCookie(users[role]);
  }
});

interface Answer {
  status: number;
  message: string;
  code: string;
  field: string | null;
  body: unknown;
}

/** One tRPC call over HTTP: GET for queries, POST for mutations; `envelope` is sent as it is (already superjson). */
async function send(target: TrpcTarget, opts: { path: string; mutation?: boolean; input?: unknown; envelope?: string; as?: Role }): Promise<Answer> {
  const body = opts.envelope ?? (opts.input === undefined ? undefined : JSON.stringify(superjson.serialize(opts.input)));
  const headers: Record<string, string> = opts.as ? { cookie: cookies[opts.as] } : {};
  const url = `${target.baseUrl}/api/trpc/${opts.path}`;
  const req = opts.mutation
    ? new Request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: body ?? "" })
    : new Request(body === undefined ? url : `${url}?input=${encodeURIComponent(body)}`, { headers });
  const res = await target.send(req);
  const json = (await res.json()) as { error?: { json: { message: string; data: { code: string; field?: string | null } } } };
  const error = json.error?.json;
  return { status: res.status, message: error?.message ?? "", code: error?.data.code ?? "", field: error?.data.field ?? null, body: json };
}

const cursorOf = (text: string) => Buffer.from(text).toString("base64url");
const SOME_ID = "0b6d7a0e-0c39-4c5e-9d1a-3f6f0f8f2a11";
const FAR_PAST = "-100000-01-01T00:00:00.000Z";

const targets: [string, () => Promise<TrpcTarget>][] = [
  ["the production server's handler", productionHandlerTarget],
  ["the Next route", async () => nextRouteTarget()],
];

describe.each(targets)("tRPC input edge through %s", (_name, start) => {
  let target: TrpcTarget;
  beforeAll(async () => {
    target = await start();
  });
  afterAll(() => target.close());

  describe("NUL characters in text (PostgreSQL cannot store them)", () => {
    it.each([
      ["reports.create", true, "citizen", { ...reportInput(), title: "Broken\u0000 streetlight" }, "title"],
      ["reports.create", true, "citizen", { ...reportInput(), address: "5th Cross\u0000" }, "address"],
      ["profile.update", true, "citizen", { name: "Asha\u0000" }, "name"],
      ["admin.auditLog", false, "admin", { action: "report.\u0000" }, "action"],
      ["admin.users", false, "admin", { query: "\u0000" }, "query"],
      ["auth.requestOtp", true, undefined, { phone: "+91\u000098765" }, "phone"],
      ["admin.moderateBulk", true, "moderator", { items: [{ reportId: SOME_ID, version: 1 }], action: "reject", note: "x\u0000" }, "note"],
    ] as const)("%s refuses a NUL byte with 400 naming the field", async (path, mutation, as, input, field) => {
      const answer = await send(target, { path, mutation, input, as: as as Role | undefined });
      expect(answer.status).toBe(400);
      expect(answer.code).toBe("BAD_REQUEST");
      expect(answer.field).toBe(field);
      // Named in the structured answer; the words a person reads carry no field name.
      expect(answer.message.startsWith(`${field}:`)).toBe(false);
    });
  });

  describe("page cursors PostgreSQL cannot compare", () => {
    const outOfRange = cursorOf(`${FAR_PAST}|${SOME_ID}`);
    const notAnId = cursorOf(`2026-01-01T00:00:00.000Z|${"-".repeat(36)}`);
    const queueCursor = (c: object) => cursorOf(JSON.stringify(c));
    it.each([
      ["reports.feed", "anonymous", outOfRange],
      ["reports.feed", "anonymous", notAnId],
      ["reports.feed", "anonymous", "%%%not base64%%%"],
      ["reports.mine", "citizen", outOfRange],
      ["profile.reputation", "citizen", outOfRange],
      ["admin.auditLog", "admin", outOfRange],
      ["admin.auditLog", "admin", notAnId],
      ["admin.queue", "admin", queueCursor({ b: 0, p: 0, at: FAR_PAST, id: SOME_ID })],
      ["admin.queue", "admin", queueCursor({ b: 1e300, p: 0, at: "2026-01-01T00:00:00.000Z", id: SOME_ID })],
      ["admin.queue", "admin", queueCursor({ b: 0, p: 0, at: "2026-01-01T00:00:00.000Z", id: "-".repeat(36) })],
    ] as const)("%s as %s refuses a bad cursor with 400 naming `cursor`", async (path, as, cursor) => {
      const answer = await send(target, { path, input: { cursor }, as: as === "anonymous" ? undefined : as });
      expect(answer.status).toBe(400);
      expect(answer.field).toBe("cursor");
    });
  });

  describe("dates outside what PostgreSQL holds, in from/to", () => {
    it.each([
      ["admin.auditLog", "from", FAR_PAST],
      ["admin.auditLog", "to", new Date(-8.64e15)],
      ["admin.auditLog", "from", -8e15],
      ["admin.queue", "to", "+275760-09-13T00:00:00.000Z"],
      ["admin.queue", "from", new Date("0000-06-01T00:00:00.000Z")],
      ["admin.queue", "from", "not a date"],
    ])("%s refuses %s = %s with 400 naming it", async (path, field, value) => {
      const answer = await send(target, { path, input: { [field]: value }, as: "admin" });
      expect(answer.status).toBe(400);
      expect(answer.field).toBe(field);
    });

    it("still takes the dates the admin pages send", async () => {
      const answer = await send(target, { path: "admin.auditLog", input: { from: new Date("2026-01-01"), to: new Date() }, as: "admin" });
      expect(answer.status).toBe(200);
    });
  });

  describe("batches", () => {
    const batch = (n: number, path: string) => Array.from({ length: n }, () => path).join(",");
    const inputs = (n: number, make: (i: number) => unknown) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize(make(i))])));

    it(`answers a batch of ${MAX_BATCH_SIZE} calls`, async () => {
      const res = await target.send(new Request(`${target.baseUrl}/api/trpc/${batch(MAX_BATCH_SIZE, "reports.feed")}?batch=1&input={}`));
      expect(res.status).toBe(200);
      expect(await res.json()).toHaveLength(MAX_BATCH_SIZE);
    });

    it("refuses a bigger batch with one clear 400, before any procedure runs", async () => {
      const n = 1000;
      const res = await target.send(new Request(`${target.baseUrl}/api/trpc/${batch(n, "reports.feed")}?batch=1&input={}`));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
      expect(body.error.json.data.code).toBe("BAD_REQUEST");
      expect(body.error.json.message).toBe(`A batch may hold at most ${MAX_BATCH_SIZE} calls; this one has ${n}. Send them in smaller batches.`);

      // Mutations that would each write a row: none of them ran.
      const phones = (i: number) => `+9198765${String(43000 + i)}`;
      const post = await target.send(
        new Request(`${target.baseUrl}/api/trpc/${batch(MAX_BATCH_SIZE + 1, "auth.requestOtp")}?batch=1`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: inputs(MAX_BATCH_SIZE + 1, (i) => ({ phone: phones(i) })),
        }),
      );
      expect(post.status).toBe(400);
      expect(await db().selectFrom("otp_codes").select("id").execute()).toHaveLength(0);
    });

    it("counts calls whose commas are percent-encoded too", async () => {
      const res = await target.send(new Request(`${target.baseUrl}/api/trpc/${batch(MAX_BATCH_SIZE + 1, "system.ping").replaceAll(",", "%2C")}?batch=1&input={}`));
      expect(res.status).toBe(400);
    });
  });

  describe("superjson input: only the types the app's inputs use", () => {
    // Sent as a mutation's body: a GET's URL could not carry the deepest of them.
    const raw = (json: unknown, meta: unknown) => JSON.stringify({ json, meta });
    // Around a valid profile.update ({ name }), so only the annotations can be the reason for the 400.
    const TYPE = /carries a superjson type this server does not accept/;
    it.each([
      ["a class", raw({ name: "Asha" }, { values: { name: [["class", "Foo"]] }, v: 1 }), TYPE],
      ["a custom type", raw({ name: "Asha" }, { values: { name: [["custom", "Foo"]] }, v: 1 }), TYPE],
      ["a symbol", raw({ name: "Asha" }, { values: { name: [["symbol", "Foo"]] }, v: 1 }), TYPE],
      ["a typed array", raw({ name: [1] }, { values: { name: [["typed-array", "Uint8Array"]] }, v: 1 }), TYPE],
      ["a bigint", raw({ name: "Asha", x: "10" }, { values: { x: ["bigint"] }, v: 1 }), TYPE],
      ["a regexp", raw({ name: "Asha", x: "/x/" }, { values: { x: ["regexp"] }, v: 1 }), TYPE],
      ["a Map", raw({ name: "Asha", x: [] }, { values: { x: ["map"] }, v: 1 }), TYPE],
      ["annotations that are not a tree", raw({ name: "Asha" }, { values: "name", v: 1 }), TYPE],
      ["nested annotations", raw({ name: "Asha" }, { values: [["set"], { name: ["Date"] }], v: 1 }), TYPE],
      ["an annotation on __proto__", raw({ name: "Asha" }, { values: { "__proto__.polluted": ["undefined"] }, v: 1 }), /annotates a property no input has/],
      ["a shared reference to the root", raw({ name: "Asha", a: {} }, { referentialEqualities: [["a"]], v: 1 }), /share references/],
      ["a cycle through shared references", raw({ name: "Asha", a: {} }, { referentialEqualities: { a: ["a.b"] }, v: 1 }), /share references/],
      ["an unknown format version", raw({ name: "Asha" }, { v: 2 }), /superjson format/],
      ["nesting thousands of levels deep", `{"json":{"name":"Asha","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}}`, /nested too deeply/],
    ])("refuses %s with a clear 400", async (_what, envelope, message) => {
      const started = performance.now();
      const answer = await send(target, { path: "profile.update", mutation: true, envelope, as: "citizen" });
      expect(answer.status).toBe(400);
      expect(answer.code).toBe("BAD_REQUEST");
      expect(answer.message).toMatch(message);
      expect(answer.field).not.toBeNull();
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it("takes undefined, Date and NaN as the client sends them, with the field's own message for NaN", async () => {
      const list = await send(target, { path: "reports.feed", input: { cursor: undefined, status: undefined, limit: 5 } });
      expect(list.status).toBe(200);
      const nan = await send(target, { path: "reports.create", mutation: true, input: { ...reportInput(), latitude: Number.NaN }, as: "citizen" });
      expect(nan.status).toBe(400);
      expect(nan.field).toBe("latitude");
      const shared = new Date("2026-03-01T00:00:00.000Z");
      const dates = await send(target, { path: "admin.auditLog", input: { from: shared, to: shared }, as: "admin" });
      expect(dates.status).toBe(200);
    });
  });
});

describe("the same refusals for in-process callers (server components, tests)", () => {
  it("a NUL byte anywhere in the input is a BAD_REQUEST naming the field", async () => {
    const err = await trpcFailure(callerFor(db(), users.citizen).profile.update({ name: "Asha\u0000" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err).toMatchObject({ cause: { field: "name" } });
    const nested = await trpcFailure(
      callerFor(db(), users.moderator).admin.moderateBulk({ items: [{ reportId: "x\u0000", version: 1 }], action: "acknowledge" }),
    );
    expect(nested).toMatchObject({ cause: { field: "items.0.reportId" } });
  });

  it("an out-of-range Date is a BAD_REQUEST naming the field", async () => {
    const err = await trpcFailure(callerFor(db(), users.admin).admin.auditLog({ from: new Date(-8.64e15) }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err).toMatchObject({ cause: { field: "from" } });
  });

  it("a version beyond what the column holds is a BAD_REQUEST, not a failed query", async () => {
    const err = await trpcFailure(callerFor(db(), users.moderator).admin.moderate({ reportId: SOME_ID, version: 2 ** 31, action: "acknowledge" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err).toMatchObject({ cause: { field: "version" } });
  });
});
