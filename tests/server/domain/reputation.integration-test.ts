import { beforeEach, describe, expect, it } from "vitest";
import { awardReputation, listLedger } from "@/server/domain/reputation";
import { submitReport } from "@/server/domain/reports/submit-report";
import { client, createUser, limits, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

describe("awardReputation", () => {
  it("awards once per (user, reason, source), keeping users.reputation equal to the ledger sum", async () => {
    const user = await createUser(db());
    const report = await submitReport(db(), user.id, reportInput(), client, limits);
    const award = { userId: user.id, points: 5, reason: "report_filed", sourceType: "report", sourceId: report.id };
    const results = await Promise.all([awardReputation(db(), award), awardReputation(db(), award), awardReputation(db(), award)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await awardReputation(db(), { ...award, reason: "report_acknowledged", points: 10 });
    const row = await db().selectFrom("users").select("reputation").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.reputation).toBe(15);
    const ledger = await listLedger(db(), user.id, { limit: 10 });
    expect(ledger.items.map((e) => [e.points, e.reason, e.report?.ref])).toEqual([
      [10, "report_acknowledged", report.ref],
      [5, "report_filed", report.ref],
    ]);
  });
});
