import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));


describe("reports.create", () => {
  it("needs a signed-in user", async () => {
    expect((await failure(callerFor(db()).reports.create(reportInput()))).code).toBe("UNAUTHORIZED");
  });

  it("trims input and returns the public reference", async () => {
    const user = await createUser(db());
    const res = await callerFor(db(), user).reports.create(reportInput({ title: "   Broken streetlight on 5th Cross   " }));
    expect(res.ref).toMatch(/^CL-\d{4}-\d{6}$/);
    const row = await db().selectFrom("reports").select("title").executeTakeFirstOrThrow();
    expect(row.title).toBe("Broken streetlight on 5th Cross");
  });

  it.each([
    ["title", { title: "Hole" }, /^Title must be at least 5/],
    ["title", { title: "x".repeat(121) }, /^Title must be at most 120/],
    ["description", { description: "  too short  " }, /^Description must be at least 10/],
    ["description", { description: "d".repeat(2001) }, /^Description must be at most 2000/],
    ["latitude", { latitude: 91 }, /^Latitude must be between -90 and 90/],
    ["longitude", { longitude: -180.5 }, /^Longitude must be between -180 and 180/],
    ["severity", { severity: "apocalyptic" }, /^Severity must be one of low, medium, high, critical/],
    ["category", { category: "potholes" }, /^Category must be one of roads/],
    ["latitude", { latitude: Number.NaN }, /^Choose the location on the map or type its coordinates/],
    ["submissionKey", { submissionKey: "not-a-uuid" }, /^Submission key must be a UUID/],
  ])("refuses a bad %s with BAD_REQUEST naming it", async (field, over, message) => {
    const user = await createUser(db());
    const err = await failure(callerFor(db(), user).reports.create({ ...reportInput(), ...(over as object) } as never));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(message);
    // The field is named in the structured error, not in the words a person reads.
    expect(err.cause).toMatchObject({ field });
    expect(err.message.startsWith(`${field}:`)).toBe(false);
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(0);
  });

  it("files a report in one round trip to the database, the session's standing included", async () => {
    const user = await createUser(db());
    let roundTrips = 0;
    const counted = db().withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        roundTrips++;
        return args.result;
      },
    });
    await callerFor(counted, user).reports.create(reportInput());
    expect(roundTrips).toBe(1);
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(1);
    // A session signed out is refused by that same statement; only the refusal looks again, to say why.
    const sid = randomUUID();
    await db().insertInto("revoked_sessions").values({ sid, user_id: user.id, expires_at: new Date(Date.now() + 60_000) }).execute();
    roundTrips = 0;
    expect((await failure(callerFor(counted, { ...user, sid }).reports.create(reportInput()))).code).toBe("UNAUTHORIZED");
    expect(roundTrips).toBe(2);
  });

  // reports.create checks the account in its own statement (sessionProcedure), not in the tier.
  it("refuses a suspended user even with a live session, and files nothing", async () => {
    const user = await createUser(db());
    await db().updateTable("users").set({ status: "suspended" }).execute();
    const err = await failure(callerFor(db(), user).reports.create(reportInput()));
    expect(err).toMatchObject({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(0);
    expect(await db().selectFrom("event_outbox").selectAll().execute()).toHaveLength(0);
  });

  it("refuses a session whose account no longer exists", async () => {
    const user = await createUser(db());
    await db().deleteFrom("users").execute();
    expect(await failure(callerFor(db(), user).reports.create(reportInput()))).toMatchObject({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(0);
  });

  it("answers SERVICE_UNAVAILABLE, not a 500, when the database is down", async () => {
    const user = await createUser(db());
    const down = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    try {
      expect((await failure(callerFor(down, user).reports.create(reportInput()))).code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await down.destroy();
    }
  });

  it("answers a resent submission with the report it filed, and a reused key for another report with CONFLICT", async () => {
    const user = await createUser(db());
    const submissionKey = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    const first = await callerFor(db(), user).reports.create(reportInput({ submissionKey }));
    await expect(callerFor(db(), user).reports.create(reportInput({ submissionKey }))).resolves.toEqual(first);
    const err = await failure(callerFor(db(), user).reports.create(reportInput({ submissionKey, description: "Another problem entirely, two streets away." })));
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect(err.message).toMatch(new RegExp(`This form already filed report ${first.ref}`));
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(1);
  });

  it("files for an account reinstated after a suspension", async () => {
    const user = await createUser(db());
    await db().updateTable("users").set({ status: "suspended" }).execute();
    await failure(callerFor(db(), user).reports.create(reportInput()));
    await db().updateTable("users").set({ status: "active" }).execute();
    await expect(callerFor(db(), user).reports.create(reportInput())).resolves.toMatchObject({ status: "submitted" });
  });
});

describe("reports.mine / byId / list", () => {
  it("lists only the caller's reports and finds one by reference", async () => {
    const me = await createUser(db());
    const other = await createUser(db());
    const mine = await callerFor(db(), me).reports.create(reportInput());
    await callerFor(db(), other).reports.create(reportInput());
    const page = await callerFor(db(), me).reports.mine({ limit: 10 });
    expect(page.items.map((r) => r.ref)).toEqual([mine.ref]);
    const view = await callerFor(db()).reports.byId({ id: mine.ref });
    expect(view).toMatchObject({ ref: mine.ref, status: "submitted", timeline: [{ kind: "submitted" }] });
    expect((await callerFor(db()).reports.feed({ limit: 10 })).items).toHaveLength(2);
  });

  it("answers a malformed id or filter with BAD_REQUEST naming it", async () => {
    expect((await failure(callerFor(db()).reports.byId({ id: "drop table" })))).toMatchObject({ cause: { field: "id" } });
    expect((await failure(callerFor(db()).reports.feed({ status: "open" as never, limit: 10 })))).toMatchObject({ cause: { field: "status" } });
    expect((await failure(callerFor(db()).reports.feed({ limit: 500 })))).toMatchObject({ cause: { field: "limit" } });
    expect((await failure(callerFor(db()).reports.byId({ id: "CL-2020-000001" }))).code).toBe("NOT_FOUND");
  });
});
