import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@root/inngest/functions/record-audit";
import { createDb, setDb } from "@/server/db/client";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { fileReport } from "./report-created";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: recordAudit });
beforeEach(async () => truncateAll(db()));

describe("record-audit on report/created", () => {
  it("writes one row per event with all the metadata the event carries", async () => {
    const { user, report, event } = await fileReport(db(), { category: "garbage" });
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    const rows = await db().selectFrom("audit_log").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_id: event.id,
      action: "report.created",
      actor_id: user.id,
      resource_type: "report",
      resource_id: report.id,
      ip: "203.0.113.5",
      user_agent: "vitest",
    });
    expect(rows[0]!.metadata).toMatchObject({ ref: report.ref, category: "garbage", severity: "high", latitude: 12.9716, longitude: 77.5946 });
  });

  it("writes one row when a failed attempt is retried", async () => {
    expectConsoleError(/Inngest step error|ECONNREFUSED 127\.0\.0\.1:9/);
    const { event } = await fileReport(db());
    const down = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    setDb(down);
    expect((await engine().execute({ events: [event] })).error).toBeDefined();
    setDb(db());
    await down.destroy();
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    expect(await db().selectFrom("audit_log").selectAll().where("event_id", "=", event.id).execute()).toHaveLength(1);
  });
});
