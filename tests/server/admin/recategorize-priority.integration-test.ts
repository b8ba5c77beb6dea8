import { beforeEach, describe, expect, it } from "vitest";
import { callerFor } from "../../support/caller";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const priorityOf = async (id: string) => (await db().selectFrom("reports").select("priority").where("id", "=", id).executeTakeFirstOrThrow()).priority;

describe("a moderator's correction recomputes priority by the same rule", () => {
  it("severity corrected from medium to high raises priority from normal to high", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "under_review", { severity: "medium", priority: "normal" });
    await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "recategorize", severity: "high" });
    expect(await priorityOf(report.id)).toBe("high");
  });

  it("a category correction counts the hazard, the category and the supports", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "acknowledged", { severity: "low", category: "roads", priority: "high" });
    await db().updateTable("reports").set({ hazard: true, support_count: 5 }).where("id", "=", report.id).execute();
    // low -> hazard: high -> life-safety hazard in electricity: urgent (supports cannot go higher).
    await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "recategorize", category: "electricity" });
    expect(await priorityOf(report.id)).toBe("urgent");
  });

  it("lowers it too: critical `other` without a hazard is capped at normal, one level up for 5 supports", async () => {
    const mod = await staff(db());
    const { report } = await reportIn(db(), "under_review", { severity: "critical", category: "roads", priority: "urgent" });
    await db().updateTable("reports").set({ support_count: 6 }).where("id", "=", report.id).execute();
    await callerFor(db(), mod).admin.moderate({ reportId: report.id, version: report.version, action: "recategorize", category: "other" });
    expect(await priorityOf(report.id)).toBe("high");
  });
});
