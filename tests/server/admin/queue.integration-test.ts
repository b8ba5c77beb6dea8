import { beforeEach, describe, expect, it } from "vitest";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

async function fixture() {
  // title encodes what the sort should do with it
  const make = (title: string, status: Parameters<typeof reportIn>[1], priority: "urgent" | "high" | "normal" | "low" | null, age: number, over = {}) =>
    reportIn(db(), status, { title, priority, createdAt: hoursAgo(age), ...over }).then((r) => r.report);
  return [
    await make("Review low old", "under_review", "low", 50),
    await make("Review urgent new", "under_review", "urgent", 1),
    await make("Review urgent old", "under_review", "urgent", 5),
    await make("Review high", "under_review", "high", 3),
    await make("Submitted untriaged", "submitted", null, 40),
    await make("Acknowledged urgent", "acknowledged", "urgent", 30, { category: "garbage", severity: "critical" }),
    await make("In progress normal", "in_progress", "normal", 60),
    await make("Resolved one", "resolved", "urgent", 2),
    await make("Rejected one", "rejected", "urgent", 2),
  ];
}

describe("admin.queue", () => {
  it("lists open reports: under review first, then by priority, oldest first within a priority", async () => {
    await fixture();
    const mod = await staff(db());
    const page = await callerFor(db(), mod).admin.queue({});
    expect(page.items.map((r) => r.title)).toEqual([
      "Review urgent old",
      "Review urgent new",
      "Review high",
      "Review low old",
      "Acknowledged urgent",
      "In progress normal",
      "Submitted untriaged",
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({ classification: null, version: expect.any(Number), category: "roads" });
  });

  it("sorts by age on request, still with under review first", async () => {
    await fixture();
    const page = await callerFor(db(), await staff(db())).admin.queue({ sort: "age" });
    expect(page.items.map((r) => r.title)).toEqual(["Review low old", "Review urgent old", "Review high", "Review urgent new", "In progress normal", "Submitted untriaged", "Acknowledged urgent"]);
  });

  it("filters by status, category, severity, priority and date range", async () => {
    await fixture();
    const q = callerFor(db(), await staff(db())).admin.queue;
    expect((await q({ status: "resolved" })).items.map((r) => r.title)).toEqual(["Resolved one"]);
    expect((await q({ category: "garbage" })).items.map((r) => r.title)).toEqual(["Acknowledged urgent"]);
    expect((await q({ severity: "critical" })).items.map((r) => r.title)).toEqual(["Acknowledged urgent"]);
    expect((await q({ priority: "urgent" })).items.map((r) => r.title)).toEqual(["Review urgent old", "Review urgent new", "Acknowledged urgent"]);
    expect((await q({ from: hoursAgo(4), to: hoursAgo(0.5) })).items.map((r) => r.title)).toEqual(["Review urgent new", "Review high"]);
    expect((await failure(q({ status: "open" as never })))).toMatchObject({ cause: { field: "status" } });
  });

  it("pages with a keyset cursor that neither skips nor repeats, in both sorts", async () => {
    await fixture();
    const q = callerFor(db(), await staff(db())).admin.queue;
    for (const sort of ["priority", "age"] as const) {
      const all = (await q({ sort, limit: 50 })).items.map((r) => r.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await q({ sort, limit: 2, cursor });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all);
    }
    expect((await failure(q({ cursor: "not-a-cursor" })))).toMatchObject({ cause: { field: "cursor" } });
  });
});

describe("admin.report", () => {
  it("shows moderators the report with the reporter's phone masked, timeline and next statuses", async () => {
    const { report, reporter } = await reportIn(db(), "under_review");
    const view = await callerFor(db(), await staff(db())).admin.report({ id: report.ref });
    expect(view).toMatchObject({ id: report.id, status: "under_review", nextStatuses: ["acknowledged", "in_progress", "rejected", "duplicate"], timeline: [{ kind: "submitted" }], runs: [] });
    expect(view.reporter.phone).toMatch(/^\+91 •+\d{3}$/);
    expect(view.reporter.phone).not.toContain(reporter.phone.slice(3, 10));
  });
});
