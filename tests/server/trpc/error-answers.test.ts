/**
 * What a client is told for each kind of failure, pinned answer by answer: the HTTP status, the
 * tRPC code, the message and the field data the forms read. Failures are mapped in one place
 * (src/server/trpc/errors.ts) whichever tier or step raises them; an answer that changes here
 * changes for every client.
 */
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/domain/errors";
import { retryAfterHeaders } from "@/server/trpc/http";
import { authedProcedure, createCallerFactory, createTRPCContext, publicProcedure, router } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";
import { setEnv } from "../../inngest/helpers";

const title = z.object({ title: z.string().min(3, "Title must be at least 3 characters") });

const probe = router({
  schemaInput: publicProcedure.input(title.extend({ latitude: z.number().max(90, "Latitude must be at most 90") })).query(() => "ok"),
  schemaInBody: publicProcedure.query(() => title.parse({ title: "x" })),
  wholeInput: publicProcedure.input(z.string().min(3, "Too short")).query(() => "ok"),
  badField: publicProcedure.query(() => {
    throw new AppError("INVALID_INPUT", "Enter a valid mobile number, e.g. +91 98765 43210", { field: "phone" });
  }),
  badLink: publicProcedure.query(() => {
    throw new AppError("INVALID_INPUT", "That link is not valid any more.");
  }),
  conflict: publicProcedure.query(() => {
    throw new AppError("CONFLICT", "That email address belongs to another account.", { field: "email" });
  }),
  missing: publicProcedure.query(() => {
    throw new AppError("NOT_FOUND", "No report with that reference.", { field: "id" });
  }),
  limited: publicProcedure.query(() => {
    throw new AppError("RATE_LIMITED", "Too many codes for this number. Try again later.", { retryAfterSeconds: 42 });
  }),
  databaseDown: publicProcedure.query(() => {
    throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  }),
  bug: publicProcedure.query(() => {
    throw new Error("internals nobody outside should read");
  }),
  signedIn: authedProcedure.query(() => "ok"),
});

interface Answer {
  status: number;
  retryAfter: string | null;
  message: string;
  code: string;
  field: string | null;
  fieldErrors: Record<string, string[]> | null;
  retryAfterSeconds: number | null;
}

async function ask(path: string, input?: unknown, on: AnyTRPCRouter = probe): Promise<Answer> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const req = new Request(`http://localhost/api/trpc/${path}${query}`);
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: on,
    createContext: () => createTRPCContext({ headers: req.headers, session: null }),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
  });
  const body = (await res.json()) as { error: { json: { message: string; data: Omit<Answer, "status" | "retryAfter" | "message"> } } };
  const { message, data } = body.error.json;
  return { status: res.status, retryAfter: res.headers.get("retry-after"), message, code: data.code, field: data.field, fieldErrors: data.fieldErrors, retryAfterSeconds: data.retryAfterSeconds };
}

const none = { retryAfter: null, field: null, fieldErrors: null, retryAfterSeconds: null };

describe("error answers over HTTP", () => {
  it.each<[string, unknown, Answer]>([
    [
      "schemaInput",
      { title: "x", latitude: 91 },
      {
        ...none,
        status: 400,
        code: "BAD_REQUEST",
        message: "Title must be at least 3 characters",
        field: "title",
        fieldErrors: { title: ["Title must be at least 3 characters"], latitude: ["Latitude must be at most 90"] },
      },
    ],
    [
      "schemaInBody",
      undefined,
      { ...none, status: 400, code: "BAD_REQUEST", message: "Title must be at least 3 characters", field: "title", fieldErrors: { title: ["Title must be at least 3 characters"] } },
    ],
    ["wholeInput", "ab", { ...none, status: 400, code: "BAD_REQUEST", message: "Too short", field: "input", fieldErrors: { input: ["Too short"] } }],
    [
      "badField",
      undefined,
      {
        ...none,
        status: 400,
        code: "BAD_REQUEST",
        message: "Enter a valid mobile number, e.g. +91 98765 43210",
        field: "phone",
        fieldErrors: { phone: ["Enter a valid mobile number, e.g. +91 98765 43210"] },
      },
    ],
    ["badLink", undefined, { ...none, status: 400, code: "BAD_REQUEST", message: "That link is not valid any more." }],
    [
      "conflict",
      undefined,
      {
        ...none,
        status: 409,
        code: "CONFLICT",
        message: "That email address belongs to another account.",
        field: "email",
        fieldErrors: { email: ["That email address belongs to another account."] },
      },
    ],
    ["missing", undefined, { ...none, status: 404, code: "NOT_FOUND", message: "No report with that reference.", field: "id", fieldErrors: { id: ["No report with that reference."] } }],
    [
      "limited",
      undefined,
      { ...none, status: 429, code: "TOO_MANY_REQUESTS", message: "Too many codes for this number. Try again later.", retryAfter: "42", retryAfterSeconds: 42 },
    ],
    [
      "databaseDown",
      undefined,
      { ...none, status: 503, code: "SERVICE_UNAVAILABLE", message: "CivicLens cannot reach its database right now. Please try again in a moment.", retryAfter: "1" },
    ],
    ["bug", undefined, { ...none, status: 500, code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Please try again." }],
    ["signedIn", undefined, { ...none, status: 401, code: "UNAUTHORIZED", message: "Sign in to continue." }],
  ])("%s", async (path, input, expected) => {
    expect(await ask(path, input)).toEqual(expected);
  });
});

describe("error answers to an in-process caller", () => {
  const caller = createCallerFactory(probe)({ db: undefined as never, session: null, client: { ip: null, userAgent: null } });

  it("throws the same codes and messages as HTTP answers with, keeping the domain error as the cause", async () => {
    await expect(caller.schemaInBody()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Title must be at least 3 characters" });
    await expect(caller.badField()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Enter a valid mobile number, e.g. +91 98765 43210", cause: { field: "phone" } });
    await expect(caller.limited()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", cause: { retryAfterSeconds: 42 } });
    await expect(caller.signedIn()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  });
});

describe("the dev mailbox where it is off", () => {
  it("is not found, over HTTP and in process", async () => {
    const restore = setEnv({ DEV_MAILBOX: "0" });
    try {
      expect(await ask("dev.mailbox", undefined, appRouter)).toEqual({ ...none, status: 404, code: "NOT_FOUND", message: "The dev mailbox is only on in development." });
      const caller = createCaller({ db: undefined as never, session: null, client: { ip: null, userAgent: null } });
      await expect(caller.dev.mailbox()).rejects.toMatchObject({ code: "NOT_FOUND", message: "The dev mailbox is only on in development." });
    } finally {
      restore();
    }
  });
});
