import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/server/config/env";
import { unfollowToken } from "@/server/domain/reports/unfollow-token";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn } from "../admin/helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const follows = (reportId: string) => db().selectFrom("report_follows").select("user_id").where("report_id", "=", reportId).execute();
const fieldOf = (err: { cause?: unknown }) => (err.cause as { field?: string } | undefined)?.field;

describe("reports.follow / reports.unfollow", () => {
  it("follows once; following twice is a CONFLICT naming reportId; unfollowing twice is harmless", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    const caller = callerFor(db(), citizen);
    expect(await caller.reports.follow({ reportId: report.id })).toEqual({ reportId: report.id, following: true });
    expect((await caller.reports.byId({ id: report.id })).followedByMe).toBe(true);
    const twice = await failure(caller.reports.follow({ reportId: report.id }));
    expect(twice.code).toBe("CONFLICT");
    expect(fieldOf(twice)).toBe("reportId");
    expect(await follows(report.id)).toHaveLength(1);

    expect(await caller.reports.unfollow({ reportId: report.id })).toEqual({ reportId: report.id, following: false });
    expect(await caller.reports.unfollow({ reportId: report.id })).toEqual({ reportId: report.id, following: false });
    expect(await follows(report.id)).toHaveLength(0);
    expect((await caller.reports.byId({ id: report.id })).followedByMe).toBe(false);
  });

  it("the reporter follows their own report without a row, can unfollow it, and follow it again", async () => {
    const { report, reporter } = await reportIn(db(), "under_review");
    const caller = callerFor(db(), reporter);
    expect((await caller.reports.byId({ id: report.id })).followedByMe).toBe(true);
    expect((await failure(caller.reports.follow({ reportId: report.id }))).message).toMatch(/already follow this report: you filed it/);
    await caller.reports.unfollow({ reportId: report.id });
    expect((await caller.reports.byId({ id: report.id })).followedByMe).toBe(false);
    expect(await caller.reports.follow({ reportId: report.id })).toEqual({ reportId: report.id, following: true });
    expect((await caller.reports.byId({ id: report.id })).followedByMe).toBe(true);
    expect(await follows(report.id)).toHaveLength(0);
  });

  it("refuses a closed or missing report, a visitor, and an input with neither or both of reportId and token", async () => {
    const { report } = await reportIn(db(), "resolved");
    const citizen = await createUser(db());
    const caller = callerFor(db(), citizen);
    expect((await failure(caller.reports.follow({ reportId: report.id }))).code).toBe("CONFLICT");
    expect((await failure(caller.reports.follow({ reportId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await failure(callerFor(db()).reports.follow({ reportId: report.id }))).code).toBe("UNAUTHORIZED");
    expect((await failure(callerFor(db()).reports.unfollow({ reportId: report.id }))).code).toBe("UNAUTHORIZED");
    const neither = await failure(caller.reports.unfollow({}));
    expect(neither.code).toBe("BAD_REQUEST");
    expect(neither.message).toMatch(/reportId/);
    expect((await failure(caller.reports.unfollow({ reportId: report.id, token: "x" }))).code).toBe("BAD_REQUEST");
  });
});

describe("unfollow by the link in a message", () => {
  it("the signed token unfollows without a session, and the link's page can name the report first", async () => {
    const { report } = await reportIn(db(), "under_review");
    const citizen = await createUser(db());
    await callerFor(db(), citizen).reports.follow({ reportId: report.id });
    const token = unfollowToken(env().NEXTAUTH_SECRET, report.id, citizen.id);
    const visitor = callerFor(db());
    expect(await visitor.reports.unfollowLink({ token })).toEqual({ ref: report.ref, title: report.title });
    expect(await visitor.reports.unfollow({ token })).toEqual({ reportId: report.id, following: false });
    expect(await follows(report.id)).toHaveLength(0);
    // Used again (the message opened twice): harmless.
    expect(await visitor.reports.unfollow({ token })).toEqual({ reportId: report.id, following: false });
  });

  it("refuses a forged, altered or foreign-secret token with a 400 naming token, and changes nothing", async () => {
    const { report } = await reportIn(db(), "under_review");
    const [victim, attacker] = [await createUser(db()), await createUser(db())];
    await callerFor(db(), victim).reports.follow({ reportId: report.id });
    const mine = unfollowToken(env().NEXTAUTH_SECRET, report.id, attacker.id);
    const [, , signature] = mine.split(".");
    const forged = [
      `${report.id}.${victim.id}.${signature}`, // someone else's id under my signature
      unfollowToken("another-secret-that-is-long-enough-to-sign", report.id, victim.id),
      `${report.id}.${victim.id}`,
      "not-a-token",
      `${report.id}.${victim.id}.${signature}.extra`,
    ];
    for (const token of forged) {
      for (const call of [callerFor(db()).reports.unfollow({ token }), callerFor(db()).reports.unfollowLink({ token })]) {
        const err = await failure(call);
        expect(err.code).toBe("BAD_REQUEST");
        expect(err.message).toMatch(/unfollow link is not valid/);
        expect(fieldOf(err)).toBe("token");
      }
    }
    expect(await follows(report.id)).toEqual([{ user_id: victim.id }]);
  });
});
