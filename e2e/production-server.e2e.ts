/**
 * The production server (`npm start`: .next/civiclens/server.cjs from `npm run build`) answers tRPC
 * itself with tRPC's Node adapter and hands everything else to Next. This file checks that the
 * direct path behaves like the Next route the other e2e files exercise under `next dev`:
 * pages and next-auth (signed in with a code sent through a Twilio stand-in) still served by Next; tRPC validation, auth, 413 and 429 + Retry-After; a
 * signed-in report whose `report/created` event is relayed right after the response (not by the
 * minute sweep) and runs its functions through /api/inngest; the client address is the socket's.
 */
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E } from "./support/app-server";
import { CookieJar, getSession, randomIndianMobile, signOutWith, trpcMutation, trpcQuery, until } from "./support/http";
import { signInBySms, startTwilioStandin, twilioEnv, type TwilioStandin } from "./support/twilio-standin";

let e2e: E2E;
let twilio: TwilioStandin;
const citizen = { jar: new CookieJar(), phone: randomIndianMobile() };

beforeAll(async () => {
  // Production refuses the dev mailbox, so codes go out by "Twilio" (a stand-in) as they would live.
  twilio = await startTwilioStandin();
  e2e = await startE2E({
    name: "production-server",
    server: "production",
    env: { ...twilioEnv(twilio), REPORTS_LIMIT_PER_USER: "2" },
  });
  await signInBySms(e2e.url, twilio, citizen.phone, citizen.jar);
  expect((await getSession(e2e.url, citizen.jar))?.user?.phone).toBe(citizen.phone);
});
afterAll(async () => {
  await e2e?.stop();
  await twilio?.close();
});

const REPORT = {
  title: "Streetlight out on 5th Cross",
  description: "The streetlight by the park gate on 5th Cross has been dark for a week; the lane is pitch black at night.",
  severity: "medium",
  latitude: 12.9716,
  longitude: 77.5946,
} as const;

describe("the production server", () => {
  it("serves pages, next-auth and health through Next", async () => {
    const home = await fetch(`${e2e.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("CivicLens");
    const feed = await fetch(`${e2e.url}/reports`);
    expect(feed.status).toBe(200);
    const csrf = await fetch(`${e2e.url}/api/auth/csrf`);
    expect(((await csrf.json()) as { csrfToken?: string }).csrfToken).toMatch(/^[0-9a-f]{32,}$/);
    const health = await fetch(`${e2e.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it("answers tRPC queries and batches directly", async () => {
    const ping = await trpcQuery<{ ok: boolean }>(e2e.url, "system.ping");
    expect(ping.status).toBe(200);
    expect(ping.data).toEqual({ ok: true });
    const batch = await fetch(`${e2e.url}/api/trpc/system.ping,system.ping?batch=1&input=${encodeURIComponent("{}")}`);
    expect(batch.status).toBe(200);
    expect(((await batch.json()) as unknown[]).length).toBe(2);
  });

  it("refuses bad input with 400 naming the field, and anonymous callers with 401", async () => {
    const bad = await trpcMutation(e2e.url, "reports.create", { ...REPORT, title: "Hi" }, citizen.jar);
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/^Title must be/);
    expect(bad.error?.data.field).toBe("title");
    const anonymous = await trpcMutation(e2e.url, "reports.create", REPORT);
    expect(anonymous.status).toBe(401);
    const unknown = await trpcQuery(e2e.url, "system.nope");
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${e2e.url}/api/trpc/reports.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: citizen.jar.header() },
      body: '{"json": {"title": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("BAD_REQUEST");
  });

  it("refuses bodies over 64 KB with 413, whether or not they say their length", async () => {
    const big = JSON.stringify({ json: { ...REPORT, description: "x".repeat(70 * 1024) } });
    const declared = await fetch(`${e2e.url}/api/trpc/reports.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: citizen.jar.header() },
      body: big,
    });
    expect(declared.status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const chunked = await fetch(`${e2e.url}/api/trpc/reports.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: citizen.jar.header() },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("lets go of a request whose client disconnects mid-body, and keeps answering", async () => {
    const { port } = new URL(e2e.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write("POST /api/trpc/reports.create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"json\":");
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    await until("the dropped request to be let go", async () => e2e.logs().includes("[trpc] POST /api/trpc/reports.create not answered: aborted"), 5_000);
    expect((await trpcQuery(e2e.url, "system.ping")).status).toBe(200);
  });

  it("files a report for a signed-in citizen and relays its event right after the response", async () => {
    const forged = "203.0.113.77";
    const started = Date.now();
    const res = await fetch(`${e2e.url}/api/trpc/reports.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: citizen.jar.header(), "x-forwarded-for": forged },
      body: JSON.stringify({ json: REPORT }),
    });
    expect(res.status).toBe(200);
    const created = ((await res.json()) as { result: { data: { json: { id: string; ref: string } } } }).result.data.json;
    expect(created.ref).toMatch(/^CL-\d{4}-\d{6}$/);

    // The sweep runs once a minute; seeing the event well inside that means the relay ran after the response.
    const event = await until(
      "report/created at the Inngest stand-in",
      async () => e2e.standin.events().find((e) => e.name === "report/created" && e.data.reportId === created.id),
      20_000,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    // The address recorded is the one the server saw, not the one the client claimed.
    expect(event.data.ip).toBe("127.0.0.1");

    // Its functions run through /api/inngest and triage shows on the report.
    const triaged = await until(
      "the report triaged",
      async () => {
        const r = await trpcQuery<{ status: string; category: string | null }>(e2e.url, "reports.byId", { id: created.id }, citizen.jar);
        return r.data?.status === "under_review" ? r.data : undefined;
      },
      30_000,
    );
    expect(triaged.category).not.toBeNull();
  });

  it("runs background functions only for Inngest's signed calls", async () => {
    const me = await trpcQuery<{ id: string; reputation: number }>(e2e.url, "profile.me", undefined, citizen.jar);
    const before = me.data!.reputation;
    // What the probe sent: a made-up report/created for this citizen, straight to award-reputation.
    const data = { reportId: randomUUID(), reporterId: me.data!.id, ref: "CL-2026-999999", category: null, severity: "high", latitude: 12.97, longitude: 77.59, ip: null, userAgent: null, createdAt: new Date().toISOString() };
    const event = { id: randomUUID(), name: "report/created", data, ts: Date.now() };
    const body = JSON.stringify({ version: 2, event, events: [event], steps: {}, ctx: { run_id: "forged", attempt: 0, stack: { stack: [], current: 0 } } });
    const forged = await fetch(`${e2e.url}/api/inngest?fnId=civiclens-award-reputation&stepId=step`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(forged.status).toBe(401);
    const put = await fetch(`${e2e.url}/api/inngest`, { method: "PUT" });
    expect(put.status).toBe(401);
    const get = await fetch(`${e2e.url}/api/inngest`);
    expect(get.status).toBe(401);
    expect(await get.text()).not.toContain("mode");
    expect((await trpcQuery<{ reputation: number }>(e2e.url, "profile.me", undefined, citizen.jar)).data!.reputation).toBe(before);
    // The stand-in's own calls are signed, and they ran the report's functions above.
    expect(e2e.standin.runs().some((r) => r.functionId === "civiclens-award-reputation" && r.status === "completed")).toBe(true);
  });

  it("ends a session on sign-out: a copy of its cookie no longer works", async () => {
    const phone = randomIndianMobile();
    const jar = await signInBySms(e2e.url, twilio, phone);
    const copy = new CookieJar();
    copy.store(new Response(null, { headers: [["set-cookie", `next-auth.session-token=${jar.get("next-auth.session-token")!}`]] }));
    expect((await trpcQuery(e2e.url, "profile.me", undefined, copy)).status).toBe(200);

    expect(await signOutWith(e2e.url, jar)).toBe(200);
    expect(jar.get("next-auth.session-token")).toBeUndefined();
    // The cookie's copy (a stolen cookie, another tab that missed the sign-out) is refused everywhere.
    expect((await trpcQuery(e2e.url, "profile.me", undefined, copy)).status).toBe(401);
    expect((await trpcMutation(e2e.url, "reports.create", REPORT, copy)).status).toBe(401);
    expect(await (await fetch(`${e2e.url}/profile`, { headers: { cookie: copy.header() }, redirect: "manual" })).status).toBe(307);
  });

  it("answers 429 with Retry-After when the per-user limit is reached", async () => {
    // REPORTS_LIMIT_PER_USER=2: one report filed above, one more allowed, the next refused.
    const second = await trpcMutation(e2e.url, "reports.create", REPORT, citizen.jar);
    expect(second.status).toBe(200);
    const third = await trpcMutation(e2e.url, "reports.create", REPORT, citizen.jar);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(third.error?.data.retryAfterSeconds).toBe(Number(third.headers.get("retry-after")));
  });

  // Last: it stops the server.
  it("on SIGTERM, relays the events of its last responses before it exits", async () => {
    // A sign-in code asked for just before a deploy: its event must not wait for the sweep.
    const phone = randomIndianMobile();
    const requested = await trpcMutation(e2e.url, "auth.requestOtp", { phone });
    expect(requested.status, JSON.stringify(requested.raw)).toBe(200);
    // The relay pass waits up to 100 ms for other responses; the deploy's SIGTERM comes first.
    await e2e.terminate();
    expect(e2e.standin.events().some((e) => e.name === "auth/otp.requested" && e.data.phone === phone)).toBe(true);
    expect(e2e.logs()).toContain("SIGTERM: finishing open requests, then stopping");
    expect(e2e.logs()).not.toContain("relay pass failed");
  });
});
