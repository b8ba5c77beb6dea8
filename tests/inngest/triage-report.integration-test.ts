import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { triageReport } from "@root/inngest/functions/triage-report";
import { createDb, setDb } from "@/server/db/client";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { fileReport } from "./report-created";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: triageReport });
beforeEach(async () => truncateAll(db()));

const reportRow = (id: string) => db().selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const triageEntries = (id: string) => db().selectFrom("report_updates").selectAll().where("report_id", "=", id).where("kind", "=", "triaged").execute();

describe("triage-report on report/created", () => {
  it("classifies the text, sets category and priority, and moves the report to under_review once", async () => {
    const { report, event } = await fileReport(db(), {
      title: "Garbage not collected for a week",
      description: "Garbage bins near the market are overflowing and stray dogs are spreading the waste on the road.",
      severity: "medium",
    });
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] }); // duplicate delivery
    const row = await reportRow(report.id);
    expect(row).toMatchObject({ status: "under_review", category: "garbage", classification: "garbage", priority: "normal", classifier_agreed: null });
    expect(row.classification_confidence).toBeGreaterThan(0.3);
    expect(row.model_version).toMatch(/^tri-/);
    const entries = await triageEntries(report.id);
    expect(entries).toHaveLength(1);
    // The timeline note is for people: the category's label, not its id.
    expect(entries[0]!.note).toBe("Sorted as Garbage & sanitation, priority normal.");
  });

  it("keeps the citizen's category and records that the classifier disagreed", async () => {
    const { report, event } = await fileReport(db(), {
      title: "Streetlight not working",
      description: "The streetlight pole outside house 42 has been dark for five nights, the lane is pitch black.",
      category: "public_property",
    });
    await engine().execute({ events: [event] });
    expect(await reportRow(report.id)).toMatchObject({ category: "public_property", classification: "streetlights", classifier_agreed: false });
    const [entry] = await triageEntries(report.id);
    expect(entry!.note).toMatch(/^Sorted as Public property, priority \w+\.$/);
  });

  it("raises the priority of a hazard", async () => {
    const { report, event } = await fileReport(db(), {
      title: "Live wire hanging over footpath",
      description: "A snapped electric cable is hanging low over the footpath near the school, sparking when it touches the railing.",
      severity: "medium",
    });
    await engine().execute({ events: [event] });
    expect(await reportRow(report.id)).toMatchObject({ hazard: true, priority: "urgent" });
  });

  it("triages once when a retry follows a failed attempt", async () => {
    expectConsoleError(/Inngest step error|ECONNREFUSED 127\.0\.0\.1:9/);
    const { report, event } = await fileReport(db());
    const down = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    setDb(down);
    expect((await engine().execute({ events: [event] })).error).toBeDefined();
    setDb(db());
    await down.destroy();
    expect((await reportRow(report.id)).status).toBe("submitted");
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    expect((await reportRow(report.id)).status).toBe("under_review");
    expect(await triageEntries(report.id)).toHaveLength(1);
  });
});
