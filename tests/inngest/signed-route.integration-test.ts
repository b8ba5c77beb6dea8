/**
 * /api/inngest as a production server runs it (cloud mode, signing and event keys set): only
 * Inngest's signed calls run functions, sync the app or read its configuration. Both ways the app
 * serves it are driven by the Inngest stand-in in its signed mode, the way Inngest Cloud drives a
 * deployed app: the Next route module (`next start`, `next dev`) over node:http, and the production
 * server's own handler (src/server/http/inngest-handler.ts), which answers it without Next.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { expectConsoleError } from "../support/console-guard";
import { createUser } from "../support/factories";
import { startInngestStandin, type InngestStandin } from "../support/inngest-standin";
import { signInngestRequest } from "../support/inngest-signature";
import { useTestDb } from "../support/test-db";
import { setEnv } from "./helpers";
import { fileReport } from "./report-created";

const SIGNING_KEY = `signkey-test-${"5e".repeat(32)}`;
const EVENT_KEY = "signed-route-event-key";

const testDb = useTestDb();
let standin: InngestStandin;
let servers: Server[] = [];
const appUrls: Record<string, string> = {};
let restoreEnv: () => void;

/** The Next route's GET/POST/PUT behind node:http, so the stand-in can reach it over HTTP. */
async function serveRoute(route: Record<"GET" | "POST" | "PUT", (req: Request, ctx: unknown) => Promise<Response>>) {
  const s = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const url = `http://${req.headers.host}${req.url}`;
    const handler = route[req.method as "GET" | "POST" | "PUT"];
    const answer = await handler(new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === "GET" ? undefined : body }), {});
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  return listen(s);
}

async function listen(s: Server) {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return s;
}

beforeAll(async () => {
  standin = await startInngestStandin({ signingKey: SIGNING_KEY, eventKey: EVENT_KEY, log: () => {} });
  restoreEnv = setEnv({ INNGEST_DEV: "", INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: EVENT_KEY, INNGEST_BASE_URL: standin.url });
  delete process.env.INNGEST_DEV;
  const { inngestRoute } = await import("@root/inngest/serve");
  const { createInngestHandler } = await import("@/server/http/inngest-handler");
  const handler = createInngestHandler({ places: 2, maxWaiting: 100 });
  const served = {
    "the Next route": await serveRoute(inngestRoute),
    "the production server's handler": await listen(createServer((req, res) => void handler.answer(req, res, new Headers(req.headers as Record<string, string>)))),
  };
  servers = Object.values(served);
  for (const [name, s] of Object.entries(served)) appUrls[name] = `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/inngest`;
});

afterAll(async () => {
  await standin?.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  restoreEnv?.();
});

const reputation = async (id: string) => (await testDb().selectFrom("users").select("reputation").where("id", "=", id).executeTakeFirstOrThrow()).reputation;

function forgedRun(reporterId: string) {
  const data = { reportId: "00000000-0000-4000-8000-000000000001", reporterId, ref: "CL-2026-999999", category: null, severity: "high", latitude: 12.97, longitude: 77.59, ip: null, userAgent: null, createdAt: new Date().toISOString() };
  const event = { id: `forged-${reporterId}`, name: "report/created", data, ts: Date.now() };
  return { version: 2, event, events: [event], steps: {}, ctx: { run_id: "forged-run", attempt: 0, stack: { stack: [], current: 0 } } };
}

describe.each(["the Next route", "the production server's handler"])("/api/inngest in cloud mode, served by %s", (serving) => {
  let appUrl: string;
  beforeAll(() => {
    appUrl = appUrls[serving]!;
  });

  it("refuses an unsigned POST that would run a function, and nothing changes", async () => {
    const citizen = await createUser(db());
    const res = await fetch(`${appUrl}?fnId=civiclens-award-reputation&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(forgedRun(citizen.id)),
    });
    expect(res.status).toBe(401);
    expect(await reputation(citizen.id)).toBe(0);
  });

  it("refuses a POST signed with another key", async () => {
    expectConsoleError(/Signature validation failed|Invalid signature|method: 'POST'/);
    const citizen = await createUser(db());
    const body = forgedRun(citizen.id);
    const res = await fetch(`${appUrl}?fnId=civiclens-award-reputation&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-inngest-signature": signInngestRequest(body, `signkey-test-${"ab".repeat(32)}`) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
    expect(await reputation(citizen.id)).toBe(0);
  });

  it("neither shows its mode nor re-registers for an anonymous caller", async () => {
    const get = await fetch(appUrl);
    expect(get.status).toBe(401);
    expect(await get.text()).not.toMatch(/mode|function_count/);
    const syncsBefore = standin.functions().length;
    const put = await fetch(appUrl, { method: "PUT" });
    expect(put.status).toBe(401);
    expect(standin.functions().length).toBe(syncsBefore);
  });

  it("runs functions for Inngest's signed calls: sync, an event, the function's steps", async () => {
    await standin.register(appUrl);
    expect(standin.functions().map((f) => f.id)).toContain("civiclens-award-reputation");
    const { user, event } = await fileReport(db());
    await standin.send([event]);
    const run = await standin.waitForRun((r) => r.functionId === "civiclens-award-reputation" && r.eventId === event.id, 20_000);
    expect(run.status).toBe("completed");
    expect(await reputation(user.id)).toBe(5);
  });

  it("answers a signed introspection with the app's details", async () => {
    const res = await fetch(appUrl, { headers: { "x-inngest-signature": signInngestRequest("", SIGNING_KEY) } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mode: "cloud", authentication_succeeded: true });
  });
});
