import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { awardReputation } from "@root/inngest/functions/award-reputation";
import { createDb, setDb } from "@/server/db/client";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";
import { fileReport } from "./report-created";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: awardReputation });
beforeEach(async () => truncateAll(db()));

const reputation = async (userId: string) => {
  const user = await db().selectFrom("users").select("reputation").where("id", "=", userId).executeTakeFirstOrThrow();
  const ledger = await db().selectFrom("reputation_ledger").selectAll().where("user_id", "=", userId).execute();
  return { cached: user.reputation, ledger: ledger.map((e) => [e.points, e.reason, e.source_id]) };
};

describe("award-reputation on report/created", () => {
  it("awards +5 for the report, once, however often the event is delivered", async () => {
    const { user, report, event } = await fileReport(db());
    expect(await openResult((await engine().execute({ events: [event] })).result)).toEqual({ awarded: true, points: 5 });
    expect(await openResult((await engine().execute({ events: [event] })).result)).toEqual({ awarded: false, points: 0 });
    expect(await reputation(user.id)).toEqual({ cached: 5, ledger: [[5, "report_filed", report.id]] });
  });

  it("awards once when a retry follows a failed attempt", async () => {
    expectConsoleError(/Inngest step error|ECONNREFUSED 127\.0\.0\.1:9/);
    const { user, event } = await fileReport(db());
    // First attempt: the database is unreachable, so the step fails and Inngest will retry.
    const down = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    setDb(down);
    const failed = await engine().execute({ events: [event] });
    expect(failed.error).toBeDefined();
    setDb(db());
    await down.destroy();
    expect((await reputation(user.id)).cached).toBe(0);
    // The retry, and a duplicate delivery after it.
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    expect(await reputation(user.id)).toMatchObject({ cached: 5 });
    expect((await reputation(user.id)).ledger).toHaveLength(1);
  });
});
