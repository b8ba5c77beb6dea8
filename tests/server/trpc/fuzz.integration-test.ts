/**
 * The fuzz of every procedure (tests/faults/fuzz.ts) in `npm test`: in process through createCaller,
 * and a shorter run through each HTTP entry point. The fault suite runs the HTTP fuzz against a
 * production build with many more inputs (tests/faults/fuzz-http.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/server/db/schema";
import { callerFor } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { useTestDb } from "../../support/test-db";
import { fuzzHttp, fuzzInProcess, harvestKnown, routerProcedures, type Known, type Who } from "../../faults/fuzz";
import { runHttpFuzz } from "../../faults/fuzz-http";
import { sessionCookie } from "../../faults/session-cookie";
import { nextRouteTarget, productionHandlerTarget } from "../../faults/trpc-targets";

const db = useTestDb();
const users = {} as Record<Exclude<Who, "anonymous">, Awaited<ReturnType<typeof createUser>>>;
let known: Known;

beforeAll(async () => {
  users.citizen = await createUser(db(), { role: "citizen" });
  users.admin = await createUser(db(), { role: "admin" });
  // Rows to reach: a few reports, another citizen, a first page with a next-page cursor.
  const other = await createUser(db(), { role: "citizen" as Role });
  const reporter = callerFor(db(), other);
  for (let i = 0; i < 3; i++) await reporter.reports.create(reportInput({ title: `Fuzz target report ${i}` }));
  known = harvestKnown([other.id, await callerFor(db()).reports.feed({ limit: 1 }), await callerFor(db(), users.admin).admin.queue({ limit: 1 })]);
});

describe("fuzz of every procedure", () => {
  it("covers every procedure of the router", () => {
    expect(routerProcedures().length).toBeGreaterThan(15);
    expect(known.ids.length).toBeGreaterThan(0);
    expect(known.cursors.length).toBeGreaterThan(0);
  });

  it("in process: no input gives a 5xx, as anonymous, citizen or admin", { timeout: 120_000 }, async () => {
    await fuzzInProcess({
      runsPerProcedure: 15,
      known,
      call: (who, path, input) => {
        const caller = callerFor(db(), who === "anonymous" ? undefined : users[who]) as unknown as Record<string, unknown>;
        const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
        return fn(input);
      },
    });
  });

  it("over HTTP through the production server's handler, as the fault suite runs it: no request gives a 5xx", { timeout: 120_000 }, async () => {
    const target = await productionHandlerTarget();
    try {
      const cookies = { citizen: await sessionCookie(users.citizen), admin: await sessionCookie(users.admin) };
      const report = await runHttpFuzz({ baseUrl: target.baseUrl, cookies, runs: 300 });
      expect(report.requests).toBeGreaterThanOrEqual(300);
      // The run reached past validation: some calls succeeded.
      expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  });

  it("over HTTP through the Next route: no request gives a 5xx", { timeout: 120_000 }, async () => {
    const target = nextRouteTarget();
    const cookies = { citizen: await sessionCookie(users.citizen), admin: await sessionCookie(users.admin) };
    const report = await fuzzHttp({ baseUrl: target.baseUrl, send: (req) => target.send(req), cookies, runs: 300, known });
    expect(report.requests).toBeGreaterThanOrEqual(300);
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
  });
});
